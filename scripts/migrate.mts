// `npm run db:migrate`: applies pending migrations to DATABASE_URL (the server also does
// this when it starts).
import { env } from "../lib/env";
import { migrate } from "../lib/db/migrate";

const e = env();
const result = await migrate({ kind: e.databaseKind, url: e.databaseUrl, sqlitePath: e.sqlitePath });
console.log(`applied: ${result.applied.join(", ") || "none"}; already applied: ${result.alreadyApplied.length}`);
