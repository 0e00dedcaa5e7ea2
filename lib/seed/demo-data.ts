// The demo data set of `npm run db:seed`: two advertisers, one publisher, and a network user, an
// advertiser user and a publisher user, added to the installation's first network (the oldest
// account), so the super admin who already signed in sees them. On an empty database the
// network and its super admin are made first, as the server's bootstrap makes them. Each item
// is added only when missing, through the same lib functions as the screens (audited), so a
// second run adds nothing and says so.
import { NO_REQUEST, SYSTEM_ACTOR } from "../audit";
import { findFirstAccount } from "../accounts/first-account";
import { ensureFirstAdmin, type FirstAdminResult } from "../bootstrap/first-admin";
import type { Db } from "../db";
import { OrganizationError } from "../organizations/errors";
import type { Member } from "../organizations/reach";
import { findOrganization, KIND_LABELS, organizationLabel } from "../organizations/rows";
import { createOrganization } from "../organizations/write";
import { createUser } from "../users/create-user";
import type { OrganizationKind } from "../validations/organization";

export const DEMO_ORGANIZATIONS: readonly { kind: OrganizationKind; idFromNetwork: string; name: string }[] = [
  { kind: "advertiser", idFromNetwork: "1111", name: "Acme Outdoor" },
  { kind: "advertiser", idFromNetwork: "2222", name: "Bluebird Travel" },
  { kind: "publisher", idFromNetwork: "3333", name: "Northwind Media" },
];

export const DEMO_USERS = [
  { email: "network.user@keyward.local", name: "Nico Network", role: "network_user" },
  { email: "advertiser.user@keyward.local", name: "Ada Advertiser", role: "advertiser_user", advertiser: "1111" },
  { email: "publisher.user@keyward.local", name: "Pat Publisher", role: "publisher_user", publisher: "3333" },
] as const;

export interface DemoSeedResult {
  account: { id: string; name: string };
  /** The network and its super admin, when this run had to make them. */
  bootstrap: Extract<FirstAdminResult, { created: true }> | null;
  /** One line per thing added, as the command prints it. */
  added: string[];
  /** Demo items the network already has. */
  alreadyThere: string[];
  /** Demo items left out because something of the network's own is in the way, and why. */
  notAdded: string[];
  /** True when at least one demo user was added with `password`. */
  addedUsers: boolean;
}

export async function seedDemoData(
  db: Db,
  options: { password: string; admin: { email?: string; password?: string } },
): Promise<DemoSeedResult> {
  let bootstrap: DemoSeedResult["bootstrap"] = null;
  let account = await findFirstAccount(db);
  if (!account) {
    const made = await ensureFirstAdmin(db, options.admin);
    if (made.created) bootstrap = made;
    account = await findFirstAccount(db);
    if (!account) throw new Error("The first network could not be created");
  }
  const actor = { ...SYSTEM_ACTOR, accountId: account.id };
  // The seed acts as the network's own management would: the same rules, the same audit rows.
  const member: Member = { accountId: account.id, role: "super_admin", advertiserId: null, publisherId: null };
  const added: string[] = [];
  const alreadyThere: string[] = [];
  const notAdded: string[] = [];

  for (const demo of DEMO_ORGANIZATIONS) {
    const label = `${KIND_LABELS[demo.kind].one.toLowerCase()} ${organizationLabel(demo)}`;
    if (await findOrganization(db, account.id, demo.kind, demo.idFromNetwork)) {
      alreadyThere.push(label);
      continue;
    }
    try {
      await createOrganization(
        db,
        member,
        demo.kind,
        { idFromNetwork: demo.idFromNetwork, name: demo.name, approvalStatus: "Approved" },
        { actor, context: NO_REQUEST },
      );
      added.push(label);
    } catch (error) {
      // Another of the network's own already has this name: theirs stays as it is.
      if (!(error instanceof OrganizationError && error.reason === "taken")) throw error;
      notAdded.push(`${label}: ${error.message}`);
    }
  }

  let addedUsers = false;
  for (const demo of DEMO_USERS) {
    const label = `user ${demo.email} (${demo.role.replace("_", " ")})`;
    const existing = await db.user.findUnique({ where: { email: demo.email }, select: { accountId: true } });
    if (existing?.accountId === account.id) {
      alreadyThere.push(label);
      continue;
    }
    if (existing) {
      notAdded.push(`${label}: the email belongs to a user of another network`);
      continue;
    }
    const advertiserId =
      "advertiser" in demo ? await organizationId(db, account.id, "advertiser", demo.advertiser) : undefined;
    const publisherId =
      "publisher" in demo ? await organizationId(db, account.id, "publisher", demo.publisher) : undefined;
    if (advertiserId === null || publisherId === null) {
      notAdded.push(`${label}: the demo ${"advertiser" in demo ? "advertiser" : "publisher"} it belongs to is missing`);
      continue;
    }
    await createUser(
      db,
      account.id,
      {
        email: demo.email,
        name: demo.name,
        role: demo.role,
        password: options.password,
        status: "active",
        advertiserId,
        publisherId,
      },
      actor,
      NO_REQUEST,
    );
    added.push(label);
    addedUsers = true;
  }
  return { account, bootstrap, added, alreadyThere, notAdded, addedUsers };
}

async function organizationId(db: Db, accountId: string, kind: OrganizationKind, idFromNetwork: string) {
  return (await findOrganization(db, accountId, kind, idFromNetwork))?.id ?? null;
}
