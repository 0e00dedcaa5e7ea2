// `npm run db:seed`: adds the demo data set (lib/seed/demo-data.ts) to the first network of
// DATABASE_URL (migrating first, and making the network and its super admin on an empty
// database), and prints exactly what it added.
import { randomBytes } from "node:crypto";
import { env } from "../lib/env";
import { migrate } from "../lib/db/migrate";
import { db } from "../lib/db";
import { firstAdminBanner } from "../lib/bootstrap/first-admin";
import { seedDemoData } from "../lib/seed/demo-data";

const e = env();
await migrate({ kind: e.databaseKind, url: e.databaseUrl, sqlitePath: e.sqlitePath });
const password = e.demoPassword ?? randomBytes(12).toString("base64url");
const client = await db();
const result = await seedDemoData(client, { password, admin: { email: e.adminEmail, password: e.adminPassword } });
if (result.bootstrap) process.stdout.write(firstAdminBanner(result.bootstrap));
const network = `network "${result.account.name}"`;
if (result.added.length === 0) {
  console.log(`Demo data: nothing added to ${network}${result.notAdded.length ? "" : "; it already has all of it"}.`);
} else {
  console.log(`Demo data added to ${network}:`);
  for (const line of result.added) console.log(`  + ${line}`);
  if (result.alreadyThere.length) console.log(`Already there: ${result.alreadyThere.length} of the demo items.`);
}
if (result.notAdded.length) console.log("Not added:");
for (const line of result.notAdded) console.log(`  - ${line}`);
if (result.addedUsers)
  console.log(`Demo users' password: ${e.demoPassword ? "the one in KEYWARD_DEMO_PASSWORD" : password}`);
await client.$disconnect();
