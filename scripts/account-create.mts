// `npm run account:create -- --name "<network>" --admin-email <email>`: a new network (account)
// and its super admin, on DATABASE_URL (migrating first). See docs/operations.md, "Networks".
import { env } from "../lib/env";
import { migrate } from "../lib/db/migrate";
import { db } from "../lib/db";
import { runAccountCreate } from "../lib/accounts/account-create-command";

const e = env();
await migrate({ kind: e.databaseKind, url: e.databaseUrl, sqlitePath: e.sqlitePath });
const client = await db();
const result = await runAccountCreate(client, process.argv.slice(2));
(result.exitCode === 0 ? process.stdout : process.stderr).write(result.output);
await client.$disconnect();
process.exitCode = result.exitCode;
