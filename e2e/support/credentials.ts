// Reading what the browser specs need to check about credentials straight from the database.
import type { Page, TestInfo } from "@playwright/test";
import { hashSecret } from "@/lib/credentials/hash";
import { databaseFor } from "./state";

/** The stored row for a secret, found the way the server finds it: by its keyed hash. */
export async function credentialBySecret(testInfo: TestInfo, secret: string) {
  const db = await databaseFor(testInfo);
  return db.credential.findUnique({ where: { secretHash: hashSecret(secret) } });
}

/** What a user would paste: the clipboard's text after they clicked Copy. */
export async function clipboardText(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}
