// The advertiser and publisher tables have the same shape; one code path serves both. A row is
// found by the network's id first, then (for URLs from before network ids) by Keyward's own id.
import type { Db, Tx } from "../db";
import { DEFAULT_APPROVAL_STATUS, type ApprovalStatus, type OrganizationKind } from "../validations/organization";
import { nameKey } from "./name-key";

export const ORGANIZATION_SELECT = {
  id: true,
  idFromNetwork: true,
  name: true,
  approvalStatus: true,
  createdAt: true,
  updatedAt: true,
} as const;

export interface OrganizationRow {
  id: string;
  idFromNetwork: string;
  name: string;
  approvalStatus: ApprovalStatus;
  createdAt: Date;
  updatedAt: Date;
}

export const KIND_LABELS: Record<OrganizationKind, { one: string; many: string }> = {
  advertiser: { one: "Advertiser", many: "Advertisers" },
  publisher: { one: "Publisher", many: "Publishers" },
};

export function organizationTable(client: Db | Tx, kind: OrganizationKind): Db["advertiser"] {
  return (kind === "advertiser" ? client.advertiser : client.publisher) as unknown as Db["advertiser"];
}

/** By id from network, else by Keyward's id; null when the account has neither. */
export async function findOrganization(
  client: Db | Tx,
  accountId: string,
  kind: OrganizationKind,
  key: string,
): Promise<OrganizationRow | null> {
  const table = organizationTable(client, kind);
  const byNetworkId = await table.findUnique({
    where: { accountId_idFromNetwork: { accountId, idFromNetwork: key } },
    select: ORGANIZATION_SELECT,
  });
  if (byNetworkId) return byNetworkId as OrganizationRow;
  return (await table.findFirst({
    where: { accountId, id: key },
    select: ORGANIZATION_SELECT,
  })) as OrganizationRow | null;
}

/** By Keyward's id only (the screens' rows), within the account. */
export async function findOrganizationById(
  client: Db | Tx,
  accountId: string,
  kind: OrganizationKind,
  id: string,
): Promise<OrganizationRow | null> {
  return (await organizationTable(client, kind).findFirst({
    where: { accountId, id },
    select: ORGANIZATION_SELECT,
  })) as OrganizationRow | null;
}

/** The audit log's and the messages' name for one: `Acme Outdoor (1111)`. */
export function organizationLabel(row: Pick<OrganizationRow, "name" | "idFromNetwork">): string {
  return `${row.name} (${row.idFromNetwork})`;
}

/**
 * A new row's columns, for code that writes rows directly (tests arranging data, data sets in a
 * transaction of their own); the screens and the API go through write.ts, which also audits.
 */
export function organizationData(
  accountId: string,
  idFromNetwork: string,
  name: string,
  approvalStatus: ApprovalStatus = DEFAULT_APPROVAL_STATUS,
) {
  return { accountId, idFromNetwork, name, nameKey: nameKey(name), approvalStatus };
}
