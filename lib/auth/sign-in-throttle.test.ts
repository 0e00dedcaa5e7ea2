import { expect, it } from "vitest";
import { describeEachDatabase } from "@/test/each-database";
import { uniqueEmail } from "@/test/fixtures";
import { signInWithPassword } from "./sign-in";
import { checkSignInThrottle, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, SIGN_IN_WINDOW_MS } from "./sign-in-throttle";

// Failed sign-ins are made through the real sign-in; the verdict is then asked for at chosen
// instants relative to the failures' own timestamps.
describeEachDatabase("sign-in throttle: when a lock opens again", (get) => {
  async function fail(email: string, ip: string, times: number): Promise<number[]> {
    for (let i = 0; i < times; i++) await signInWithPassword(get().db, { email, password: "wrong guess" }, { ip, userAgent: "vitest" });
    const rows = await get().db.auditEvent.findMany({ where: { action: "auth.sign_in_failed", targetLabel: email }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
    return rows.map((row) => row.createdAt.getTime());
  }

  it(`locks an account at ${MAX_FAILURES_PER_ACCOUNT} failures in the window, until the oldest of them leaves it`, async () => {
    const email = uniqueEmail();
    const times = await fail(email, "198.51.100.60", MAX_FAILURES_PER_ACCOUNT - 1);
    const latest = times[0]!;
    expect(await checkSignInThrottle(get().db, email, null, new Date(latest))).toEqual({ allowed: true, retryAfterMinutes: 0 });

    const [newest, , , , oldest] = [...(await fail(email, "198.51.100.61", 1))];
    const opensAt = oldest! + SIGN_IN_WINDOW_MS;
    const at = (ms: number) => checkSignInThrottle(get().db, email, null, new Date(ms));
    expect(await at(newest!)).toEqual({ allowed: false, retryAfterMinutes: Math.ceil((opensAt - newest!) / 60_000) });
    expect(await at(opensAt - 60_001)).toEqual({ allowed: false, retryAfterMinutes: 2 });
    expect(await at(opensAt - 60_000)).toEqual({ allowed: false, retryAfterMinutes: 1 });
    expect(await at(opensAt - 1)).toEqual({ allowed: false, retryAfterMinutes: 1 });
    expect(await at(opensAt)).toEqual({ allowed: true, retryAfterMinutes: 0 });
    // Another address does not open it; another account is not affected.
    expect(await checkSignInThrottle(get().db, email, "203.0.113.250", new Date(opensAt - 1))).toMatchObject({ allowed: false });
    expect(await checkSignInThrottle(get().db, uniqueEmail(), null, new Date(newest!))).toEqual({ allowed: true, retryAfterMinutes: 0 });
  });

  it(`refuses an address at ${MAX_FAILURES_PER_ADDRESS} failures across accounts, whichever account it tries next`, async () => {
    const ip = "192.0.2.160";
    const emails = Array.from({ length: MAX_FAILURES_PER_ADDRESS }, () => uniqueEmail("spray"));
    for (const email of emails.slice(0, -1)) await fail(email, ip, 1);
    const fresh = uniqueEmail();
    expect(await checkSignInThrottle(get().db, fresh, ip)).toEqual({ allowed: true, retryAfterMinutes: 0 });
    const [last] = await fail(emails.at(-1)!, ip, 1);
    const first = (await get().db.auditEvent.findFirstOrThrow({ where: { action: "auth.sign_in_failed", ip }, orderBy: { createdAt: "asc" } })).createdAt.getTime();
    expect(await checkSignInThrottle(get().db, fresh, ip, new Date(last!))).toMatchObject({ allowed: false });
    expect(await checkSignInThrottle(get().db, fresh, ip, new Date(first + SIGN_IN_WINDOW_MS - 1))).toEqual({ allowed: false, retryAfterMinutes: 1 });
    expect(await checkSignInThrottle(get().db, fresh, ip, new Date(first + SIGN_IN_WINDOW_MS))).toEqual({ allowed: true, retryAfterMinutes: 0 });
    // Without an address only the account counts.
    expect(await checkSignInThrottle(get().db, fresh, null, new Date(last!))).toEqual({ allowed: true, retryAfterMinutes: 0 });
  });
});
