import { afterAll, beforeAll, describe } from "vitest";
import { createTestDatabase, isPostgresAvailable, type TestDatabase } from "./databases";

/**
 * Runs `suite` once per database kind, each with a fresh migrated database. PostgreSQL is
 * skipped (with its name saying so) only outside CI when no server answers.
 */
export function describeEachDatabase(name: string, suite: (get: () => TestDatabase) => void): void {
  for (const kind of ["sqlite", "postgresql"] as const) {
    describe(`${name} [${kind}]`, async () => {
      const available = kind === "sqlite" || (await isPostgresAvailable());
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        if (available) database = await createTestDatabase(kind);
      });
      afterAll(async () => {
        await database?.drop();
      });
      if (!available) {
        describe.skip("PostgreSQL is not running on this machine", () => suite(() => database!));
        return;
      }
      suite(() => database!);
    });
  }
}
