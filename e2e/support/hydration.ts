// A button rendered on the server does nothing when clicked before React has hydrated it: the
// click is lost and a test waiting for the dialog it opens fails, on a loaded machine only.
// React marks every element it has taken over with an own property named __reactProps$<id>;
// waiting for it on the element about to be clicked makes such a click count.
import { expect, type Locator } from "@playwright/test";

export async function expectHydrated(element: Locator): Promise<void> {
  await expect
    .poll(() => element.evaluate((node) => Object.keys(node).some((key) => key.startsWith("__reactProps$"))), {
      message: "React has hydrated the element",
    })
    .toBe(true);
}
