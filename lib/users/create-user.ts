// Creating a user: validated input, bcrypt hash, the row and its audit event in one
// transaction. Advertiser and publisher users must belong to one advertiser / publisher of
// the same account; other roles must not.
import type { z } from "zod";
import { type Actor, recordAudit, type RequestContext, userTarget } from "../audit";
import { hashPassword, unusablePasswordHash } from "../auth/password";
import type { Db } from "../db";
import { RETIRED_APPROVAL_STATUS } from "../validations/organization";
import { newUserSchema, type NewUserInput } from "../validations/user";
import { UserRuleError } from "./errors";

export interface CreatedUser {
  id: string;
  email: string;
  role: string;
}

export async function createUser(
  db: Db,
  accountId: string,
  input: NewUserInput,
  actor: Actor,
  context: RequestContext,
): Promise<CreatedUser> {
  const data = newUserSchema.parse(input);
  if (data.role === "advertiser_user" ? !data.advertiserId : data.advertiserId) {
    throw new UserRuleError(
      "An advertiser user belongs to exactly one advertiser; other roles to none",
      "advertiserId",
    );
  }
  if (data.role === "publisher_user" ? !data.publisherId : data.publisherId) {
    throw new UserRuleError("A publisher user belongs to exactly one publisher; other roles to none", "publisherId");
  }
  // An API user never signs in: it gets no password, rather than one nobody would ever use.
  const passwordHash = data.password === undefined ? unusablePasswordHash() : await hashPassword(data.password);
  try {
    return await insertUser(db, accountId, data, passwordHash, actor, context);
  } catch (error) {
    // Two creates of one email at once: both pass the look-up, the unique index refuses the
    // second. Same answer as the look-up gives.
    if (typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002") {
      throw new UserRuleError("A user with this email already exists", "email");
    }
    throw error;
  }
}

async function insertUser(
  db: Db,
  accountId: string,
  data: z.output<typeof newUserSchema>,
  passwordHash: string,
  actor: Actor,
  context: RequestContext,
): Promise<CreatedUser> {
  return db.$transaction(async (tx) => {
    if (data.advertiserId) {
      const advertiser = await tx.advertiser.findFirst({
        where: { id: data.advertiserId, accountId },
        select: { approvalStatus: true },
      });
      assertJoinable(advertiser, "advertiser", "advertiserId");
    }
    if (data.publisherId) {
      const publisher = await tx.publisher.findFirst({
        where: { id: data.publisherId, accountId },
        select: { approvalStatus: true },
      });
      assertJoinable(publisher, "publisher", "publisherId");
    }
    if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
      throw new UserRuleError("A user with this email already exists", "email");
    }
    const user = await tx.user.create({
      data: {
        accountId,
        email: data.email,
        name: data.name,
        passwordHash,
        role: data.role,
        status: data.status,
        advertiserId: data.advertiserId ?? null,
        publisherId: data.publisherId ?? null,
        isApiUser: data.apiUser,
      },
      select: { id: true, email: true, role: true },
    });
    await recordAudit(tx, {
      actor,
      accountId,
      action: "user.created",
      target: userTarget(user),
      context,
      details: { role: data.role, status: data.status, ...(data.apiUser ? { apiUser: true } : {}) },
    });
    return user;
  });
}

/** A new user joins an advertiser or publisher of their account that the network has not archived. */
function assertJoinable(
  organization: { approvalStatus: string } | null,
  kind: "advertiser" | "publisher",
  field: "advertiserId" | "publisherId",
): void {
  if (!organization) throw new UserRuleError(`No such ${kind} in this account`, field);
  if (organization.approvalStatus === RETIRED_APPROVAL_STATUS)
    throw new UserRuleError(`This ${kind} is archived`, field);
}
