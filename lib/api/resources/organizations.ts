// Advertisers and publishers as the API sees them: each caller reaches only what its owner
// may (network users and super admins: the whole network; advertiser and publisher users:
// their own one), and the query says so in its where clause.
import { z } from "zod";
import { singleLineText } from "../../validations/text";
import type { Db } from "../../db";
import type { Principal } from "../../verifier/verify";
import { badRequest, notFound } from "../../http/protocol-error";

export type OrganizationKind = "advertiser" | "publisher";

export interface OrganizationView {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export const organizationUpdateSchema = z
  .object({
    name: singleLineText(
      {
        notText: "name must be a string",
        required: "name must not be empty",
        tooLong: "name has at most 200 characters",
        invalid: "name must be visible text: no control characters or line breaks",
        malformed: "name must be well-formed Unicode: no unpaired UTF-16 surrogate (such as \\ud800)",
      },
      200,
    ),
  })
  .partial()
  .strict();

function scope(principal: Principal, kind: OrganizationKind): { accountId: string; id?: string } {
  const own = kind === "advertiser" ? principal.user.advertiserId : principal.user.publisherId;
  const role = principal.user.role;
  if (role === "super_admin" || role === "network_user") return { accountId: principal.accountId };
  // Advertiser users reach their advertiser only, publisher users their publisher only.
  return { accountId: principal.accountId, id: own ?? "\u0000none" };
}

function view(row: { id: string; name: string; createdAt: Date; updatedAt: Date }): OrganizationView {
  return {
    id: row.id,
    name: row.name,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const select = { id: true, name: true, createdAt: true, updatedAt: true } as const;

function delegate(db: Db, kind: OrganizationKind) {
  // Both models have the same shape; one code path serves both.
  return (kind === "advertiser" ? db.advertiser : db.publisher) as unknown as Db["advertiser"];
}

export async function listOrganizations(
  db: Db,
  principal: Principal,
  kind: OrganizationKind,
  page: number,
  pageSize: number,
) {
  const where = scope(principal, kind);
  const [total, rows] = await Promise.all([
    delegate(db, kind).count({ where }),
    delegate(db, kind).findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select,
    }),
  ]);
  return { total, rows: rows.map(view) };
}

export async function getOrganization(
  db: Db,
  principal: Principal,
  kind: OrganizationKind,
  id: string,
): Promise<OrganizationView> {
  // AND, not a spread: spreading would let the requested id overwrite the caller's own.
  const row = await delegate(db, kind).findFirst({ where: { AND: [scope(principal, kind), { id }] }, select });
  // Someone else's and non-existent look the same: a 404 tells nothing about other tenants.
  if (!row) throw notFound(`No ${kind} ${id} that this credential can reach`);
  return view(row);
}

export async function updateOrganization(
  db: Db,
  principal: Principal,
  kind: OrganizationKind,
  id: string,
  body: Record<string, unknown>,
): Promise<OrganizationView> {
  const parsed = organizationUpdateSchema.safeParse(body);
  if (!parsed.success)
    throw badRequest(
      parsed.error.issues
        .map((issue) =>
          issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
        )
        .join("; "),
    );
  const current = await getOrganization(db, principal, kind, id);
  if (parsed.data.name === undefined || parsed.data.name === current.name) return current;
  const where = scope(principal, kind);
  const changed = await delegate(db, kind).updateMany({
    where: { AND: [where, { id }] },
    data: { name: parsed.data.name },
  });
  if (changed.count === 0) throw notFound(`No ${kind} ${id} that this credential can reach`);
  return getOrganization(db, principal, kind, id);
}
