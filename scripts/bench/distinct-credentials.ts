// Many personal credentials at once, for the many-integrations row: each row is made by
// lib/credentials/issue.ts newCredentialRow (the keyed hash, the hint, the columns the issue
// path writes), inserted in batches instead of one audited transaction per credential, which
// would take minutes for 5,000 and changes nothing the verifier reads.
import type { DatabaseTarget } from "../../e2e/support/server";

const BATCH = 500;

/** `count` usable kw_pat_ secrets owned by this user, stored as the issue path stores them. */
export async function issuePersonalCredentials(
  database: DatabaseTarget,
  owner: { id: string; accountId: string },
  count: number,
): Promise<string[]> {
  const [{ createDb }, { newCredentialRow }, { personalCredential }] = await Promise.all([
    import("../../lib/db/client"),
    import("../../lib/credentials/issue"),
    import("../../lib/credentials/kinds/personal-credential"),
  ]);
  const db = await createDb(database);
  try {
    const secrets: string[] = [];
    for (let first = 0; first < count; first += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, count - first) }, (_, i) =>
        newCredentialRow(personalCredential, {
          accountId: owner.accountId,
          userId: owner.id,
          createdById: owner.id,
          name: `bench integration ${first + i + 1}`,
        }),
      );
      await db.credential.createMany({ data: rows.map((row) => row.data) });
      for (const row of rows) secrets.push(row.secret);
    }
    return secrets;
  } finally {
    await db.$disconnect();
  }
}
