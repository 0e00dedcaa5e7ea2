// Changing a user. Any change that affects what their sessions may do (status, role,
// password, the API-user flag) bumps sessionVersion in the same write, which ends every
// session they hold at their next request (lib/auth/current-user.ts compares it). A new
// password also revokes the API tokens the old one bought (lib/credentials/exchanged-tokens.ts).
import { z } from "zod";
import { recordAudit, type Actor, type AuditAction, type RequestContext } from "../audit";
import { roleSchema, statusSchema } from "../access/roles";
import { hashPassword } from "../auth/password";
import { revokeExchangedTokens } from "../credentials/exchanged-tokens";
import type { Db } from "../db";
import { newPasswordSchema, userNameSchema } from "../validations/user";
import { invalidateCredentialCache } from "../credentials/cache";
import { UserRuleError } from "./errors";

export const userPatchSchema = z
  .object({
    name: userNameSchema,
    role: roleSchema,
    status: statusSchema,
    password: newPasswordSchema,
    isApiUser: z.boolean(),
  })
  .partial();
export type UserPatch = z.input<typeof userPatchSchema>;

export async function updateUser(
  db: Db,
  accountId: string,
  userId: string,
  patch: UserPatch,
  actor: Actor,
  context: RequestContext,
): Promise<void> {
  const data = userPatchSchema.parse(patch);
  const passwordHash = data.password === undefined ? undefined : await hashPassword(data.password);
  await db.$transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { id: userId, accountId } });
    if (!user) throw new UserRuleError("No such user in this account");
    if (actor.id === user.id) {
      // A super admin changing their own status, role or API-user flag would end their own
      // access to the web app (and, for the last super admin, everyone's access to Manage
      // Users). Another super admin can do it for them.
      if (data.status !== undefined && data.status !== user.status) {
        throw new UserRuleError(
          "You cannot change your own status: you would lock yourself out. Ask another super admin.",
          "status",
        );
      }
      if (data.role !== undefined && data.role !== user.role) {
        throw new UserRuleError(
          "You cannot change your own role: you would lose access to Manage Users. Ask another super admin.",
          "role",
        );
      }
      if (data.isApiUser === true && !user.isApiUser) {
        throw new UserRuleError(
          "You cannot make yourself an API user: API users cannot sign in to the web app.",
          "isApiUser",
        );
      }
    }
    const nextStatus = data.status ?? user.status;
    if (data.isApiUser === true && !user.isApiUser && nextStatus === "unverified") {
      // TrackVia: users in "Unverified" status may not be designated as API users.
      throw new UserRuleError('Users in "Unverified" status may not be designated as API Users', "isApiUser");
    }
    if (
      data.role !== undefined &&
      data.role !== user.role &&
      (data.role === "advertiser_user" || data.role === "publisher_user")
    ) {
      throw new UserRuleError(
        "Advertiser and publisher users are created for their advertiser or publisher; their role cannot be switched to",
        "role",
      );
    }
    const changed: string[] = [];
    if (data.name !== undefined && data.name !== user.name) changed.push("name");
    if (data.role !== undefined && data.role !== user.role) changed.push("role");
    if (data.status !== undefined && data.status !== user.status) changed.push("status");
    if (passwordHash !== undefined) changed.push("password");
    const apiUserChanged = data.isApiUser !== undefined && data.isApiUser !== user.isApiUser;
    if (changed.length === 0 && !apiUserChanged) return;
    const endsSessions = apiUserChanged || changed.some((field) => field !== "name");
    const now = new Date();
    await tx.user.update({
      where: { id: user.id },
      data: {
        name: data.name,
        role: data.role,
        status: data.status,
        isApiUser: data.isApiUser,
        // The only roles one may switch to (super admin, network user) belong to no
        // advertiser or publisher, as in createUser.
        ...(changed.includes("role") ? { advertiserId: null, publisherId: null } : {}),
        ...(passwordHash !== undefined ? { passwordHash, passwordChangedAt: now } : {}),
        ...(endsSessions ? { sessionVersion: { increment: 1 } } : {}),
      },
    });
    const apiTokensRevoked = passwordHash !== undefined ? await revokeExchangedTokens(tx, user.id, now) : 0;
    const target = { type: "user", id: user.id, label: user.email };
    if (changed.length > 0) {
      await recordAudit(tx, {
        actor,
        accountId,
        action: "user.updated",
        target,
        context,
        details: {
          fields: changed.join(","),
          ...(changed.includes("role") ? { role: data.role ?? null } : {}),
          ...(changed.includes("status") ? { status: data.status ?? null } : {}),
          ...(passwordHash !== undefined ? { apiTokensRevoked } : {}),
        },
      });
    }
    if (apiUserChanged) {
      const action: AuditAction = data.isApiUser ? "user.api_user_set" : "user.api_user_unset";
      await recordAudit(tx, { actor, accountId, action, target, context });
    }
  });
  // A disabled user, a changed role or API-user flag changes what their credentials may do.
  invalidateCredentialCache();
}
