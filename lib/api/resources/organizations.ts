// Advertisers and publishers as the Invoca-style API sees them: keyed by the network's id
// (`id_from_network`), answered with both ids. The rules (who reaches which, what a write may
// change, when a delete is refused) are lib/organizations'; this module turns the credential's
// owner into a member, the JSON body into the shared schema, and refusals into HTTP answers.
import { requestContextFrom } from "../../auth/request-context";
import type { Db } from "../../db";
import { badRequest, conflict, insufficientScope, notFound } from "../../http/protocol-error";
import { deleteOrganization } from "../../organizations/delete";
import { OrganizationError } from "../../organizations/errors";
import { listOrganizations, readOrganization } from "../../organizations/read";
import type { Member } from "../../organizations/reach";
import type { OrganizationRow } from "../../organizations/rows";
import { putOrganization, type WrittenBy } from "../../organizations/write";
import { organizationBodySchema, type OrganizationKind } from "../../validations/organization";
import type { Principal } from "../../verifier/verify";

export type { OrganizationKind };

export interface OrganizationView {
  id: string;
  id_from_network: string;
  name: string;
  approval_status: string;
  created_at: string;
  updated_at: string;
}

export function organizationView(row: OrganizationRow): OrganizationView {
  return {
    id: row.id,
    id_from_network: row.idFromNetwork,
    name: row.name,
    approval_status: row.approvalStatus,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function memberOf(principal: Principal): Member {
  const { role, advertiserId, publisherId } = principal.user;
  return { accountId: principal.accountId, role, advertiserId, publisherId, grant: principal.grant };
}

function writtenBy(principal: Principal, request: Request): WrittenBy {
  return {
    actor: { id: principal.user.id, label: principal.user.email, accountId: principal.accountId },
    context: requestContextFrom(request.headers),
    credentialHint: principal.credential.hint,
  };
}

/** The rules' refusals as the API's answers; anything else goes on up. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof OrganizationError)) throw error;
    switch (error.reason) {
      case "not_found":
        throw notFound(error.message);
      case "forbidden":
        // The same answer whether the organization exists or not (reach.ts), naming what is missing.
        throw insufficientScope(error.message);
      case "taken":
      case "in_use":
        throw conflict(error.message);
    }
  }
}

export async function listOrganizationViews(
  db: Db,
  principal: Principal,
  kind: OrganizationKind,
  page: number,
  pageSize: number,
): Promise<{ total: number; rows: OrganizationView[] }> {
  const result = await listOrganizations(db, memberOf(principal), kind, { page, pageSize });
  return { total: result.total, rows: result.rows.map(organizationView) };
}

export async function getOrganization(
  db: Db,
  principal: Principal,
  kind: OrganizationKind,
  key: string,
): Promise<OrganizationView> {
  return organizationView(await answering(() => readOrganization(db, memberOf(principal), kind, key)));
}

/** POST and PUT: create under `key` (created: true, a 201) or update to the body (a 200). */
export async function putOrganizationFromBody(
  db: Db,
  principal: Principal,
  request: Request,
  kind: OrganizationKind,
  key: string,
  body: Record<string, unknown>,
): Promise<{ created: boolean; organization: OrganizationView }> {
  const parsed = organizationBodySchema.safeParse(body);
  if (!parsed.success) {
    throw badRequest(
      parsed.error.issues
        .map((issue) =>
          issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
        )
        .join("; "),
    );
  }
  const { name, approval_status: approvalStatus, id_from_network: idFromNetwork } = parsed.data;
  if (idFromNetwork !== undefined && idFromNetwork !== key) {
    throw badRequest(`id_from_network in the body (${JSON.stringify(idFromNetwork)}) is not the path's (${key})`);
  }
  const result = await answering(() =>
    putOrganization(db, memberOf(principal), kind, key, { name, approvalStatus }, writtenBy(principal, request)),
  );
  return { created: result.created, organization: organizationView(result.organization) };
}

export async function deleteOrganizationByKey(
  db: Db,
  principal: Principal,
  request: Request,
  kind: OrganizationKind,
  key: string,
): Promise<void> {
  await answering(() => deleteOrganization(db, memberOf(principal), kind, { key }, writtenBy(principal, request)));
}
