// Server action requests captured from a real page and replayed by hand: what a script, a
// forged form or another session could send, for the authorization and CSRF tests.
import type { Page } from "@playwright/test";

export interface CapturedAction {
  path: string;
  actionId: string;
  contentType: string;
  body: string;
}

/**
 * Holds back the next server action request a page sends to `path` and returns it, so it
 * can be replayed by hand from another session. The held request is aborted: it never runs.
 */
export async function holdNextAction(page: Page, path: string): Promise<() => Promise<CapturedAction>> {
  let resolve!: (value: CapturedAction) => void;
  const captured = new Promise<CapturedAction>((r) => (resolve = r));
  await page.route(`**${path}`, async (route) => {
    const request = route.request();
    const actionId = request.headers()["next-action"];
    if (request.method() !== "POST" || !actionId) return route.continue();
    resolve({ path, actionId, contentType: request.headers()["content-type"] ?? "", body: request.postData() ?? "" });
    await route.abort();
  });
  return async () => {
    const value = await captured;
    await page.unrouteAll({ behavior: "ignoreErrors" });
    return value;
  };
}

/** Sends a captured server action request with the session of `page`, as a script would. */
export async function replay(page: Page, action: CapturedAction): Promise<number> {
  return page.evaluate(async ({ path, actionId, contentType, body }) => {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Next-Action": actionId, "Content-Type": contentType, Accept: "text/x-component" },
      body,
    });
    return response.status;
  }, action);
}
