// Next.js bundles this module more than once in one server (route handlers, server actions,
// the instrumentation hook that starts the change channel). Every copy must be the one cache:
// the channel turns instant invalidation on through its copy and the API routes read through
// theirs; a change made through a server action's copy must mark reads in flight elsewhere as
// stale and be told to the other instances.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CredentialRecord } from "./record";

type CacheModule = typeof import("./cache");

async function twoCopies(): Promise<[CacheModule, CacheModule]> {
  const first = await import("./cache");
  vi.resetModules();
  const second = await import("./cache");
  expect(second).not.toBe(first);
  return [first, second];
}

const record = { id: "c1" } as unknown as CredentialRecord;

describe("the look-up cache across copies of its module", () => {
  let copies: [CacheModule, CacheModule] | null = null;
  afterEach(() => {
    if (!copies) return;
    copies[0].connectCacheToChannel(null);
    copies[0].invalidateCredentialCache();
    copies = null;
  });

  it("follows the change channel in every copy: entries live for minutes in the API routes' copy too", async () => {
    copies = await twoCopies();
    const [channelCopy, routeCopy] = copies;
    channelCopy.connectCacheToChannel(() => undefined);
    channelCopy.setInstantInvalidation(true);
    expect(routeCopy.cacheLifetime()).toBe(routeCopy.CONNECTED_CACHE_TTL_MS);
    channelCopy.setInstantInvalidation(false);
    expect(routeCopy.cacheLifetime()).toBe(routeCopy.CACHE_TTL_MS);
  });

  it("does not keep a read that was in flight in one copy while a change committed through another", async () => {
    copies = await twoCopies();
    const [actionCopy, routeCopy] = copies;
    let finish: (value: CredentialRecord) => void = () => undefined;
    const reading = routeCopy.cachedLookup("key", () => new Promise((resolve) => (finish = resolve)));
    actionCopy.invalidateCredentialCache();
    finish(record);
    await reading;
    expect(routeCopy.cachedRecord("key")).toBeUndefined();
  });

  it("tells the other instances of a change made through any copy, whichever loaded first", async () => {
    copies = await twoCopies();
    const [actionCopy, channelCopy] = copies;
    const told: string[] = [];
    channelCopy.connectCacheToChannel((change) => told.push(change));
    actionCopy.invalidateCredentialCache();
    actionCopy.credentialIssued();
    expect(told).toEqual(["changed", "issued"]);
  });
});
