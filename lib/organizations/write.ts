// Creating and changing advertisers and publishers: from the screens (create; edit by Keyward's
// id, the network id included) and from the API (PUT and POST, idempotent, keyed by the network's
// id). Each change and its audit row are one transaction; a change to nothing writes nothing.
// Only members who manage the network (reach.ts) get this far.
import { recordAudit, type Actor, type AuditAction, type RequestContext } from "../audit";
import type { Db, Tx } from "../db";
import { isUniqueViolation } from "../db/errors";
import {
  DEFAULT_APPROVAL_STATUS,
  type ApprovalStatus,
  type OrganizationInput,
  type OrganizationKind,
} from "../validations/organization";
import { OrganizationError } from "./errors";
import { nameKey } from "./name-key";
import { assertWithinGrant, mayManageOrganizations, type Member } from "./reach";
import {
  findOrganization,
  findOrganizationById,
  KIND_LABELS,
  ORGANIZATION_SELECT,
  organizationLabel,
  organizationTable,
  type OrganizationRow,
} from "./rows";

export interface WrittenBy {
  actor: Actor;
  context: RequestContext;
  /** The API credential the change came through (its hint, never the secret); none from the screens. */
  credentialHint?: string;
}

export function assertMayManage(member: Member, kind: OrganizationKind): void {
  if (!mayManageOrganizations(member)) {
    throw new OrganizationError(
      "forbidden",
      `Only super admins and network users change ${KIND_LABELS[kind].many.toLowerCase()}`,
    );
  }
}

/** New from the screens: an id from network already in use is refused, never overwritten. */
export async function createOrganization(
  db: Db,
  member: Member,
  kind: OrganizationKind,
  input: OrganizationInput,
  by: WrittenBy,
): Promise<OrganizationRow> {
  return managedTransaction(db, member, kind, input, async (tx) => {
    if (await findOrganization(tx, member.accountId, kind, input.idFromNetwork))
      throw idTaken(kind, input.idFromNetwork);
    return insert(tx, member.accountId, kind, input, by);
  });
}

/** Edit from the screens, by Keyward's id: network id, name and approval status. */
export async function editOrganization(
  db: Db,
  member: Member,
  kind: OrganizationKind,
  id: string,
  input: OrganizationInput,
  by: WrittenBy,
): Promise<OrganizationRow> {
  return managedTransaction(db, member, kind, input, async (tx) => {
    const row = await findOrganizationById(tx, member.accountId, kind, id);
    if (!row) throw new OrganizationError("not_found", `This ${kind} no longer exists`);
    if (input.idFromNetwork !== row.idFromNetwork) {
      const holder = await findOrganization(tx, member.accountId, kind, input.idFromNetwork);
      if (holder && holder.id !== row.id) throw idTaken(kind, input.idFromNetwork);
    }
    return update(tx, member.accountId, kind, row, input, by);
  });
}

/**
 * PUT or POST /{kind}s/{key}.json: creates it under `key` or brings it to the body. The same body
 * twice gives the same row (created, then unchanged). Two requests creating one key at once: the
 * unique index lets one insert; the other retries and finds it, so exactly one exists.
 */
export async function putOrganization(
  db: Db,
  member: Member,
  kind: OrganizationKind,
  key: string,
  body: { name: string; approvalStatus?: ApprovalStatus },
  by: WrittenBy,
): Promise<{ created: boolean; organization: OrganizationRow }> {
  assertMayManage(member, kind);
  const attempt = () =>
    db.$transaction(async (tx) => {
      const row = await findOrganization(tx, member.accountId, kind, key);
      // A narrowed credential neither creates (no grant holds a new one) nor changes one outside its grant.
      assertWithinGrant(member, kind, key, row);
      if (!row) {
        const input = {
          idFromNetwork: key,
          name: body.name,
          approvalStatus: body.approvalStatus ?? DEFAULT_APPROVAL_STATUS,
        };
        return { created: true, organization: await insert(tx, member.accountId, kind, input, by) };
      }
      const input = {
        idFromNetwork: row.idFromNetwork,
        name: body.name,
        approvalStatus: body.approvalStatus ?? row.approvalStatus,
      };
      return { created: false, organization: await update(tx, member.accountId, kind, row, input, by) };
    });
  const input = { idFromNetwork: key, name: body.name, approvalStatus: DEFAULT_APPROVAL_STATUS };
  try {
    return await refusingTaken(kind, input, attempt);
  } catch (error) {
    // The loser of a race to create one key may see either unique index refuse it (the network
    // id, or the name it brings too); once more, it finds the winner's row and updates it.
    if (!(error instanceof OrganizationError && error.reason === "taken")) throw error;
    return refusingTaken(kind, input, attempt);
  }
}

async function insert(
  tx: Tx,
  accountId: string,
  kind: OrganizationKind,
  input: OrganizationInput,
  by: WrittenBy,
): Promise<OrganizationRow> {
  await assertNameFree(tx, accountId, kind, input.name, null);
  const row = (await organizationTable(tx, kind).create({
    data: { accountId, ...input, nameKey: nameKey(input.name) },
    select: ORGANIZATION_SELECT,
  })) as OrganizationRow;
  await audit(tx, kind, "created", row, by, {
    idFromNetwork: row.idFromNetwork,
    name: row.name,
    approvalStatus: row.approvalStatus,
  });
  return row;
}

async function update(
  tx: Tx,
  accountId: string,
  kind: OrganizationKind,
  row: OrganizationRow,
  input: OrganizationInput,
  by: WrittenBy,
): Promise<OrganizationRow> {
  const changed = (["idFromNetwork", "name", "approvalStatus"] as const).filter((field) => input[field] !== row[field]);
  if (changed.length === 0) return row;
  if (changed.includes("name")) await assertNameFree(tx, accountId, kind, input.name, row.id);
  const updated = (await organizationTable(tx, kind).update({
    where: { id: row.id },
    data: { ...input, nameKey: nameKey(input.name) },
    select: ORGANIZATION_SELECT,
  })) as OrganizationRow;
  const details: Record<string, string> = { changed: changed.join(", ") };
  for (const field of changed) details[field] = `${row[field]} → ${updated[field]}`;
  await audit(tx, kind, "updated", updated, by, details);
  return updated;
}

async function assertNameFree(tx: Tx, accountId: string, kind: OrganizationKind, name: string, self: string | null) {
  const holder = await organizationTable(tx, kind).findUnique({
    where: { accountId_nameKey: { accountId, nameKey: nameKey(name) } },
    select: { id: true, idFromNetwork: true },
  });
  if (holder && holder.id !== self) {
    throw new OrganizationError(
      "taken",
      `${KIND_LABELS[kind].one} ${holder.idFromNetwork} already has this name; names are unique within the network`,
      "name",
    );
  }
}

/** A screen's write: managers only, one transaction, a taken id or name refused on its field. */
function managedTransaction<T>(
  db: Db,
  member: Member,
  kind: OrganizationKind,
  input: OrganizationInput,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  assertMayManage(member, kind);
  return refusingTaken(kind, input, () => db.$transaction(work));
}

/** Two writes racing past the look-ups: the unique indexes decide, with the look-ups' answer. */
async function refusingTaken<T>(kind: OrganizationKind, input: OrganizationInput, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, "nameKey")) {
      throw new OrganizationError(
        "taken",
        `Another ${kind} already has this name; names are unique within the network`,
        "name",
      );
    }
    if (isUniqueViolation(error)) throw idTaken(kind, input.idFromNetwork);
    throw error;
  }
}

function idTaken(kind: OrganizationKind, idFromNetwork: string): OrganizationError {
  return new OrganizationError("taken", `${KIND_LABELS[kind].one} ${idFromNetwork} already exists`, "idFromNetwork");
}

export async function audit(
  tx: Tx,
  kind: OrganizationKind,
  event: "created" | "updated" | "deleted",
  row: OrganizationRow,
  by: WrittenBy,
  details: Record<string, string>,
): Promise<void> {
  await recordAudit(tx, {
    actor: by.actor,
    action: `${kind}.${event}` as AuditAction,
    target: { type: kind, id: row.id, label: organizationLabel(row) },
    context: by.context,
    details: by.credentialHint ? { ...details, credential: by.credentialHint } : details,
  });
}
