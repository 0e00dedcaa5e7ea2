// A second (third, ...) network on one installation: its account and its super admin, with a
// generated password shown once. Nothing in the web app crosses networks, so this is done from
// the command line (`npm run account:create`, scripts/account-create.mts) by whoever runs the
// installation.
import { z } from "zod";
import { hashPassword, generatePassword } from "../auth/password";
import type { Db } from "../db";
import { isUniqueViolation } from "../db/errors";
import { NEW_NETWORK_OPTIONS, newNetworkSchema, type NewNetworkInput } from "../validations/network";
import { insertNetwork } from "./insert-network";

export interface CreatedNetwork {
  accountId: string;
  name: string;
  adminEmail: string;
  /** Generated here, returned once; the database keeps only its bcrypt hash. */
  password: string;
}

/** What refused the network, said so that the person at the command line can fix it. */
export class NetworkRefusal extends Error {
  override name = "NetworkRefusal";
  constructor(
    readonly reason: "invalid" | "email_taken",
    readonly problems: string[],
  ) {
    super(problems.join("; "));
  }
}

export async function createNetwork(db: Db, input: NewNetworkInput): Promise<CreatedNetwork> {
  const parsed = newNetworkSchema.safeParse(input);
  if (!parsed.success) throw new NetworkRefusal("invalid", problemsOf(parsed.error));
  const { name, adminEmail, adminName } = parsed.data;
  const emailTaken = new NetworkRefusal("email_taken", [
    `--admin-email: ${adminEmail} already has a user (an email signs in to one network only); choose another`,
  ]);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    const { accountId } = await db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: adminEmail }, select: { id: true } })) throw emailTaken;
      return insertNetwork(
        tx,
        { name, admin: { email: adminEmail, name: adminName, passwordHash } },
        { network: name, command: "account:create" },
      );
    });
    return { accountId, name, adminEmail, password };
  } catch (error) {
    // Two commands with one email at once: the unique index refuses the second.
    if (isUniqueViolation(error)) throw emailTaken;
    throw error;
  }
}

/** Each problem prefixed with the option it concerns: `--admin-email: Enter a valid email address`. */
function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const option = NEW_NETWORK_OPTIONS[issue.path[0] as keyof typeof NEW_NETWORK_OPTIONS];
    return option ? `${option}: ${issue.message}` : issue.message;
  });
}
