// `npm run db:seed`: loads the demo data set into DATABASE_URL (migrating first).
import { randomBytes } from "node:crypto";
import { env } from "../lib/env";
import { migrate } from "../lib/db/migrate";
import { db } from "../lib/db";
import { DEMO_EMAILS, seedDemoData } from "../lib/seed/demo-data";

const e = env();
await migrate({ kind: e.databaseKind, url: e.databaseUrl, sqlitePath: e.sqlitePath });
const password = e.demoPassword ?? randomBytes(12).toString("base64url");
const client = await db();
const result = await seedDemoData(client, password);
if (!result.created) {
  console.log("Demo data is already loaded; nothing changed.");
} else {
  console.log(
    'Demo data loaded: network "Demo Network", advertisers Acme Outdoor and Bluebird Travel, publisher Northwind Media.',
  );
  console.log(`Users (password ${e.demoPassword ? "from KEYWARD_DEMO_PASSWORD" : password}):`);
  for (const email of Object.values(DEMO_EMAILS)) console.log(`  ${email}`);
}
await client.$disconnect();
