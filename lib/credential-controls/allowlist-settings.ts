// Reading and changing the three levels of IP allowlist: a credential's own, an OAuth app's
// (for its access tokens) and the account default. Super admins only, in their own account;
// each change and its audit row commit together, and the verifier's cache forgets every
// credential once it has, so the next request is judged by the new list.
import { actorOf, recordAudit, type RequestContext } from "../audit";
import type { Db } from "../db";
import type { Admin } from "../credentials/actor";
import { CredentialRuleError } from "../credentials/errors";
import { kindByCode } from "../credentials/kinds";
import { assertSuperAdmin } from "../credentials/require-super-admin";
import { changeCredentials } from "../credentials/store";
import type { AllowlistInput, AllowlistView } from "../allowlists/allowlist-form";
import { storedAllowlist } from "../allowlists/allowlist-text";
import type { StoredAllowlist } from "../allowlists/effective";

const SELECT = { ipAllowlist: true, ipAllowlistReportOnly: true } as const;

export function viewOf(stored: StoredAllowlist): AllowlistView {
  return {
    ranges: stored.ipAllowlist ? stored.ipAllowlist.split("\n") : [],
    reportOnly: stored.ipAllowlistReportOnly,
  };
}

function columnsOf(input: AllowlistInput): StoredAllowlist {
  const ipAllowlist = storedAllowlist(input.ranges);
  return { ipAllowlist, ipAllowlistReportOnly: ipAllowlist !== null && input.reportOnly };
}

/** The audit row's details: the list before and after (the audit log is for super admins). */
function auditDetails(before: StoredAllowlist, after: StoredAllowlist) {
  const describe = (stored: StoredAllowlist) =>
    stored.ipAllowlist === null
      ? "none"
      : `${stored.ipAllowlist.split("\n").join(", ")}${stored.ipAllowlistReportOnly ? " (report only)" : ""}`;
  return { before: describe(before), after: describe(after) };
}

/** Whether a credential of this kind is ever presented to the API (so a list would mean anything). */
export function kindTakesAllowlist(kindCode: string): boolean {
  return (kindByCode(kindCode)?.transports.length ?? 0) > 0;
}

export async function readCredentialAllowlist(
  client: Db,
  accountId: string,
  credentialId: string,
): Promise<AllowlistView | null> {
  const row = await client.credential.findFirst({ where: { id: credentialId, accountId }, select: SELECT });
  return row ? viewOf(row) : null;
}

export async function setCredentialAllowlist(
  client: Db,
  admin: Admin,
  credentialId: string,
  input: AllowlistInput,
  context: RequestContext,
): Promise<AllowlistView> {
  assertSuperAdmin(admin);
  const next = columnsOf(input);
  return changeCredentials(client, async (tx) => {
    // The account is in the where: another account's credential is "not found", never touched.
    const row = await tx.credential.findFirst({
      where: { id: credentialId, accountId: admin.accountId },
      select: { id: true, kind: true, hint: true, ...SELECT },
    });
    if (!row) throw new CredentialRuleError("No such credential.", null, "not_found");
    if (!kindTakesAllowlist(row.kind))
      throw new CredentialRuleError("This kind of credential is never sent to the API, so it takes no allowlist.");
    const saved = await tx.credential.update({ where: { id: row.id }, data: next, select: SELECT });
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "credential.allowlist_changed",
      target: { type: row.kind, id: row.id, label: row.hint },
      context,
      details: auditDetails(row, saved),
    });
    return viewOf(saved);
  });
}

export async function readAccountAllowlist(client: Db, accountId: string): Promise<AllowlistView> {
  return viewOf(await client.account.findUniqueOrThrow({ where: { id: accountId }, select: SELECT }));
}

/** The account default: for every credential (and OAuth app) without a list of its own. */
export async function setAccountAllowlist(
  client: Db,
  admin: Admin,
  input: AllowlistInput,
  context: RequestContext,
): Promise<AllowlistView> {
  assertSuperAdmin(admin);
  const next = columnsOf(input);
  return changeCredentials(client, async (tx) => {
    const before = await tx.account.findUniqueOrThrow({ where: { id: admin.accountId }, select: SELECT });
    const saved = await tx.account.update({ where: { id: admin.accountId }, data: next, select: SELECT });
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "account.allowlist_changed",
      target: { type: "settings", label: "IP allowlist" },
      context,
      details: auditDetails(before, saved),
    });
    return viewOf(saved);
  });
}

/** The lists of the apps a page shows, by app id. */
export async function readOAuthAppAllowlists(
  client: Db,
  accountId: string,
  appIds: string[],
): Promise<Map<string, AllowlistView>> {
  const rows = await client.oAuthClient.findMany({
    where: { accountId, id: { in: appIds } },
    select: { id: true, ...SELECT },
  });
  return new Map(rows.map((row) => [row.id, viewOf(row)]));
}

/** An OAuth app's list: the access tokens issued to it follow it unless a token has its own. */
export async function setOAuthAppAllowlist(
  client: Db,
  admin: Admin,
  appId: string,
  input: AllowlistInput,
  context: RequestContext,
): Promise<AllowlistView> {
  assertSuperAdmin(admin);
  const next = columnsOf(input);
  return changeCredentials(client, async (tx) => {
    const row = await tx.oAuthClient.findFirst({
      where: { id: appId, accountId: admin.accountId },
      select: { id: true, name: true, clientId: true, ...SELECT },
    });
    if (!row) throw new CredentialRuleError("No such OAuth app.", null, "not_found");
    const saved = await tx.oAuthClient.update({ where: { id: row.id }, data: next, select: SELECT });
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "oauth.client_allowlist_changed",
      target: { type: "oauth_client", id: row.id, label: row.clientId },
      context,
      details: { name: row.name, ...auditDetails(row, saved) },
    });
    return viewOf(saved);
  });
}
