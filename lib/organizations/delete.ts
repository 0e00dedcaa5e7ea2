// Deleting an advertiser or a publisher: refused while users (and so their credentials) belong
// to it, with a message that says how many and what to do instead (archive it). The count and
// the delete are one transaction, and the users' foreign key (onDelete: Restrict) refuses a
// delete that races a new user.
import type { Db } from "../db";
import { isForeignKeyViolation } from "../db/errors";
import type { OrganizationKind } from "../validations/organization";
import { OrganizationError } from "./errors";
import { assertWithinGrant, type Member } from "./reach";
import { findOrganization, findOrganizationById, KIND_LABELS, organizationLabel, organizationTable } from "./rows";
import type { OrganizationRow } from "./rows";
import { assertMayManage, audit, type WrittenBy } from "./write";

export async function deleteOrganization(
  db: Db,
  member: Member,
  kind: OrganizationKind,
  /** The API's path key (network id, else Keyward's id), or the screens' row: Keyward's id only. */
  target: { key: string } | { id: string },
  by: WrittenBy,
): Promise<OrganizationRow> {
  assertMayManage(member, kind);
  const label = KIND_LABELS[kind].one;
  try {
    return await db.$transaction(async (tx) => {
      const row =
        "key" in target
          ? await findOrganization(tx, member.accountId, kind, target.key)
          : await findOrganizationById(tx, member.accountId, kind, target.id);
      assertWithinGrant(member, kind, "key" in target ? target.key : target.id, row);
      if (!row) {
        throw new OrganizationError(
          "not_found",
          "key" in target ? `No ${label.toLowerCase()} ${target.key} in this network` : `This ${kind} no longer exists`,
        );
      }
      const owned = kind === "advertiser" ? { advertiserId: row.id } : { publisherId: row.id };
      const [users, credentials] = await Promise.all([
        tx.user.count({ where: owned }),
        tx.credential.count({ where: { user: owned } }),
      ]);
      if (users > 0) throw inUse(label, organizationLabel(row), users, credentials);
      await organizationTable(tx, kind).delete({ where: { id: row.id } });
      await audit(tx, kind, "deleted", row, by, { idFromNetwork: row.idFromNetwork, name: row.name });
      return row;
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw inUse(label, "key" in target ? target.key : target.id, 1, 0);
    throw error;
  }
}

function inUse(label: string, which: string, users: number, credentials: number): OrganizationError {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return new OrganizationError(
    "in_use",
    `${label} ${which} still has ${plural(users, "user")} and ${plural(credentials, "credential")}; ` +
      `set its approval status to Archived instead, or move or delete its users first`,
  );
}
