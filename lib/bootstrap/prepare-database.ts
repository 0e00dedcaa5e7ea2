// Everything a server does with its database before serving: apply pending migrations,
// then create the first super admin if there is no user. Safe to run from several
// instances at once (the migrator locks; the bootstrap tolerates losing the race).
import { env } from "../env";
import { migrate } from "../db/migrate";
import { db } from "../db";
import { ensureFirstAdmin, firstAdminBanner } from "./first-admin";

export async function prepareDatabase(
  log: (line: string) => void = (line) => process.stdout.write(line),
): Promise<void> {
  const e = env();
  const result = await migrate({ kind: e.databaseKind, url: e.databaseUrl, sqlitePath: e.sqlitePath });
  const where = e.databaseKind === "sqlite" ? `SQLite ${e.sqlitePath}` : "PostgreSQL";
  log(
    `Keyward: database ${where}: ${result.applied.length} migration(s) applied, ${result.alreadyApplied.length} already applied\n`,
  );
  if (e.secretSource === "generated file")
    log("Keyward: using the generated local secret beside the database (set KEYWARD_SECRET in production)\n");
  const admin = await ensureFirstAdmin(await db(), { email: e.adminEmail, password: e.adminPassword });
  if (admin.created) log(firstAdminBanner(admin));
}

/**
 * For server start-up: a failure stops the process with its reason, rather than serving
 * an app whose database is not what the code expects.
 */
export async function prepareDatabaseOrExit(): Promise<void> {
  try {
    await prepareDatabase();
  } catch (error) {
    console.error(`\nKeyward cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
