// On a database with no users, creates the account and its first super admin: from
// KEYWARD_ADMIN_EMAIL / KEYWARD_ADMIN_PASSWORD when set, otherwise admin@keyward.local with
// a generated password that is printed once (it is stored only as a bcrypt hash).
import { insertNetwork } from "../accounts/insert-network";
import { generatePassword, hashPassword } from "../auth/password";
import type { Db } from "../db";

export const DEFAULT_ADMIN_EMAIL = "admin@keyward.local";

export type FirstAdminResult = { created: false } | { created: true; email: string; generatedPassword: string | null };

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export async function ensureFirstAdmin(
  db: Db,
  admin: { email?: string; password?: string },
): Promise<FirstAdminResult> {
  if ((await db.user.count()) > 0) return { created: false };
  const email = admin.email ?? DEFAULT_ADMIN_EMAIL;
  const generatedPassword = admin.password ? null : generatePassword();
  const passwordHash = await hashPassword(admin.password ?? generatedPassword!);
  try {
    await db.$transaction(async (tx) => {
      // Checked again inside the transaction: another instance may have won the race.
      if ((await tx.user.count()) > 0) throw Object.assign(new Error("already bootstrapped"), { code: "P2002" });
      // The installation's first network (account): the one the dashboard and `npm run db:seed` fill.
      await insertNetwork(
        tx,
        { name: "Keyward", admin: { email, name: "Super Admin", passwordHash } },
        { bootstrap: true },
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { created: false };
    throw error;
  }
  return { created: true, email, generatedPassword };
}

export function firstAdminBanner(result: Extract<FirstAdminResult, { created: true }>): string {
  const lines = [
    "",
    "==================================================================",
    " Keyward: first super admin created",
    `   email:    ${result.email}`,
    result.generatedPassword
      ? `   password: ${result.generatedPassword}`
      : "   password: the one in KEYWARD_ADMIN_PASSWORD",
    result.generatedPassword ? " This password is shown once and stored only as a hash. Save it now." : "",
    "==================================================================",
    "",
  ];
  return lines.filter((line) => line !== "").join("\n") + "\n";
}
