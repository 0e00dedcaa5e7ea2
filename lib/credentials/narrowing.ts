// Narrowing a new credential below its owner's privileges (lib/access/narrowing.ts): checked
// against the owner on the server, whatever the form offered, and stored with the credential in
// its transaction (the scopes column, the onlyChosen* flags and the CredentialGrant rows).
import {
  CHOSEN_ERROR_FIELD,
  levelsOffered,
  narrowingSummary,
  RESOURCE_LABELS,
  RESOURCE_TYPES,
  scopesOfLevels,
  type GrantKind,
} from "../access/narrowing";
import type { Db, Tx } from "../db";
import { reachWhere, type Member } from "../organizations/reach";
import { RETIRED_APPROVAL_STATUS } from "../validations/organization";
import type { Narrowing } from "../validations/narrowing";
import { CredentialRuleError } from "./errors";

/** What is stored for a narrowing: the scopes column, the flags and the chosen ids. */
export interface StoredNarrowing {
  scopes: string | null;
  onlyChosenAdvertisers: boolean;
  onlyChosenPublishers: boolean;
  advertiserIds: string[];
  publisherIds: string[];
}

export const NO_NARROWING: StoredNarrowing = {
  scopes: null,
  onlyChosenAdvertisers: false,
  onlyChosenPublishers: false,
  advertiserIds: [],
  publisherIds: [],
};

/**
 * The narrowing to store for a credential of this owner, or a refusal next to its field: a
 * level the owner's role does not have, nothing at all allowed, or an organization the owner
 * does not reach (or archived). Read inside the creating transaction.
 */
export async function resolveNarrowing(tx: Tx, owner: Member, narrowing: Narrowing): Promise<StoredNarrowing> {
  if (narrowing === null) return NO_NARROWING;
  for (const resource of RESOURCE_TYPES) {
    const level = narrowing.levels[resource];
    if (!levelsOffered(owner.role, resource).includes(level)) {
      throw new CredentialRuleError(
        `${RESOURCE_LABELS[resource]}: the owner's role does not allow this; choose a level it has`,
        "permissions",
      );
    }
  }
  const scopes = scopesOfLevels(narrowing.levels);
  // An empty scopes column would read as "the owner's privileges": the opposite of what was asked.
  if (scopes.length === 0) throw new CredentialRuleError("Give at least one permission", "permissions");
  const chosen = async (kind: GrantKind, ids: string[] | null): Promise<string[] | null> => {
    // No access to the kind makes a choice of its organizations moot: nothing to confine.
    if (ids === null || narrowing.levels[`${kind}s`] === "none") return null;
    if (ids.length === 0)
      throw new CredentialRuleError(`Choose at least one ${kind}, or all of them`, CHOSEN_ERROR_FIELD[kind]);
    const table = kind === "advertiser" ? tx.advertiser : tx.publisher;
    const where = {
      AND: [reachWhere(owner, kind), { id: { in: ids } }, { approvalStatus: { not: RETIRED_APPROVAL_STATUS } }],
    };
    const found = await (table as typeof tx.advertiser).count({ where });
    if (found !== ids.length)
      throw new CredentialRuleError(`Choose only ${kind}s the owner can reach`, CHOSEN_ERROR_FIELD[kind]);
    return ids;
  };
  const advertiserIds = await chosen("advertiser", narrowing.advertisers);
  const publisherIds = await chosen("publisher", narrowing.publishers);
  return {
    scopes: scopes.join(" "),
    onlyChosenAdvertisers: advertiserIds !== null,
    onlyChosenPublishers: publisherIds !== null,
    advertiserIds: advertiserIds ?? [],
    publisherIds: publisherIds ?? [],
  };
}

/** The grant rows of a credential just issued, in the same transaction. */
export async function storeGrant(tx: Tx, credentialId: string, narrowing: StoredNarrowing): Promise<void> {
  if (!narrowing.onlyChosenAdvertisers && !narrowing.onlyChosenPublishers) return;
  await tx.credential.update({
    where: { id: credentialId },
    data: {
      onlyChosenAdvertisers: narrowing.onlyChosenAdvertisers,
      onlyChosenPublishers: narrowing.onlyChosenPublishers,
    },
  });
  const rows = [
    ...narrowing.advertiserIds.map((advertiserId) => ({ credentialId, advertiserId })),
    ...narrowing.publisherIds.map((publisherId) => ({ credentialId, publisherId })),
  ];
  if (rows.length > 0) await tx.credentialGrant.createMany({ data: rows });
}

/** What the audit row records of a narrowing: nothing when there is none. */
export function narrowingDetails(narrowing: StoredNarrowing): Record<string, string> {
  if (narrowing.scopes === null) return {};
  return {
    scopes: narrowing.scopes,
    ...(narrowing.onlyChosenAdvertisers ? { advertisers: narrowing.advertiserIds.join(" ") || "none" } : {}),
    ...(narrowing.onlyChosenPublishers ? { publishers: narrowing.publisherIds.join(" ") || "none" } : {}),
  };
}

/** The columns a list reads to show a credential's narrowing. */
export const NARROWING_COLUMNS = {
  scopes: true,
  onlyChosenAdvertisers: true,
  onlyChosenPublishers: true,
  grants: { select: { advertiserId: true, publisherId: true } },
} as const;

type NarrowingColumns = {
  scopes: string | null;
  onlyChosenAdvertisers: boolean;
  onlyChosenPublishers: boolean;
  grants: { advertiserId: string | null; publisherId: string | null }[];
};

/** A list row's short summary, e.g. "advertisers: read (2 chosen), publishers: none, users: read, data: read". */
export function summaryOf(role: string, row: NarrowingColumns): string {
  const count = (only: boolean, pick: (grant: NarrowingColumns["grants"][number]) => string | null) =>
    only ? row.grants.filter((grant) => pick(grant) !== null).length : null;
  return narrowingSummary(role, row.scopes ? row.scopes.split(" ") : null, {
    advertisers: count(row.onlyChosenAdvertisers, (grant) => grant.advertiserId),
    publishers: count(row.onlyChosenPublishers, (grant) => grant.publisherId),
  });
}

/** The organizations the Permissions section offers an owner: those they reach, not archived. */
export async function grantableOrganizations(
  db: Db,
  owner: Member,
): Promise<Record<GrantKind, { id: string; label: string }[]>> {
  const read = async (kind: GrantKind) => {
    const table = (kind === "advertiser" ? db.advertiser : db.publisher) as typeof db.advertiser;
    const rows = await table.findMany({
      where: { AND: [reachWhere(owner, kind), { approvalStatus: { not: RETIRED_APPROVAL_STATUS } }] },
      orderBy: { name: "asc" },
      select: { id: true, name: true, idFromNetwork: true },
      take: 500,
    });
    return rows.map((row) => ({ id: row.id, label: `${row.name} (${row.idFromNetwork})` }));
  };
  const [advertiser, publisher] = await Promise.all([read("advertiser"), read("publisher")]);
  return { advertiser, publisher };
}
