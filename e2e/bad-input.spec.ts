// Bad input over real HTTP never becomes a 500 or a silent change: hostile callbackUrls on
// next-auth's routes end on Keyward itself, names with unpaired UTF-16 surrogates are refused
// rather than stored as U+FFFD, and passwords longer than bcrypt's 72 bytes are refused
// rather than cut short.
import bcrypt from "bcrypt";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { apiNetwork, arrangePersonalToken } from "./support/api";
import { signIn, signInError } from "./support/sign-in";
import { databaseFor } from "./support/state";
import { arrangeUser } from "./support/users";
import { organizationData } from "@/lib/organizations/rows";

const V = "2022-08-01";

function hostileCallbacks(origin: URL): string[] {
  return [
    `http://localhost:${origin.port}.evil.example/`,
    `http://${origin.host}.evil.example/`,
    `http://${origin.host}@evil.example/`,
    `http://user:pass@${origin.host}/`,
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "javascript:alert(1)",
    "not a url",
    "http://[::1",
    "%",
    "\u0000",
  ];
}

/** Where a response sends the browser: its Location header or next-auth's JSON { url }. */
async function destination(response: APIResponse, base: URL): Promise<URL> {
  const location = response.headers()["location"];
  if (location) return new URL(location, base);
  const body = (await response.json()) as { url: string };
  return new URL(body.url, base);
}

async function csrfToken(request: APIRequestContext): Promise<string> {
  return ((await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
}

test("a hostile callbackUrl on next-auth's routes ends on Keyward, never a 500 or another site", async ({
  request,
  baseURL,
}, testInfo) => {
  const base = new URL(baseURL!);
  const user = await arrangeUser(testInfo);
  for (const callbackUrl of hostileCallbacks(base)) {
    const signInPage = await request.get(`/api/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`, {
      maxRedirects: 0,
    });
    expect(signInPage.status(), callbackUrl).toBe(302);
    const signInTarget = await destination(signInPage, base);
    expect(signInTarget.origin, callbackUrl).toBe(base.origin);
    // next-auth passes the callback on to the sign-in page; it must be Keyward's own address.
    const passedOn = signInTarget.searchParams.get("callbackUrl");
    if (passedOn) expect(new URL(passedOn, base).origin, callbackUrl).toBe(base.origin);

    // Signed in, and sent to Keyward's home page (not to next-auth's CSRF refusal, which also
    // answers 200 with a URL on Keyward).
    const signedIn = await request.post("/api/auth/callback/credentials", {
      form: {
        csrfToken: await csrfToken(request),
        email: user.email,
        password: user.password,
        callbackUrl,
        json: "true",
      },
      maxRedirects: 0,
    });
    expect(signedIn.status(), callbackUrl).toBe(200);
    expect((await destination(signedIn, base)).href, callbackUrl).toBe(`${base.origin}/`);

    // The same value kept in next-auth's callback cookie from an earlier visit.
    const fromCookie = await request.get("/api/auth/signin", {
      headers: { Cookie: `next-auth.callback-url=${encodeURIComponent(callbackUrl)}` },
      maxRedirects: 0,
    });
    expect(fromCookie.status(), callbackUrl).toBe(302);
    expect((await destination(fromCookie, base)).origin, callbackUrl).toBe(base.origin);
  }
  // next-auth would read any JSON body itself and let a malformed one escape as a 500; its
  // client only ever posts forms, so nothing else is taken.
  const csrf = await csrfToken(request);
  for (const data of [
    "{",
    JSON.stringify({
      csrfToken: csrf,
      email: user.email,
      password: user.password,
      callbackUrl: { href: "https://evil.example/" },
      json: "true",
    }),
  ]) {
    const response = await request.post("/api/auth/callback/credentials", {
      headers: { "Content-Type": "application/json" },
      data,
      maxRedirects: 0,
    });
    expect(response.status(), data).toBe(415);
    expect(await response.json()).toEqual({
      error: "invalid_request",
      error_description: "Send the form as application/x-www-form-urlencoded",
    });
  }
  // A path on Keyward is still followed.
  const local = await request.post("/api/auth/callback/credentials", {
    form: {
      csrfToken: await csrfToken(request),
      email: user.email,
      password: user.password,
      callbackUrl: "/audit?actor=system",
      json: "true",
    },
    maxRedirects: 0,
  });
  const target = await destination(local, base);
  expect(`${target.origin}${target.pathname}${target.search}`).toBe(`${base.origin}/audit?actor=system`);
});

test("a name with an unpaired UTF-16 surrogate is a 400 that says so; nothing is written, a real emoji still is", async ({
  request,
}, testInfo) => {
  const network = await apiNetwork(testInfo);
  const { token } = await arrangePersonalToken(testInfo);
  const db = await databaseFor(testInfo);
  const advertiser = await db.advertiser.create({
    data: organizationData(network.accountId, "surrogate-check", "Surrogate Check"),
  });
  const path = `/api/${V}/advertisers/${advertiser.id}.json`;
  const headers = { Authorization: token, "Content-Type": "application/json" };
  // JSON.stringify writes a lone surrogate as a \ud800 escape, as a hostile client would.
  for (const name of ["Acme \ud800 Outdoor", "Acme Outdoor \udfff", "\udc00\ud83d", "📈".slice(0, 1)]) {
    const response = await request.post(path, { headers, data: JSON.stringify({ name }) });
    expect(await response.json(), JSON.stringify(name)).toEqual({
      error: "invalid_request",
      error_description: "name must be well-formed Unicode: no unpaired UTF-16 surrogate (such as \\ud800)",
    });
    expect(response.status()).toBe(400);
  }
  expect((await db.advertiser.findUniqueOrThrow({ where: { id: advertiser.id } })).name).toBe("Surrogate Check");
  const fine = await request.post(path, { headers, data: JSON.stringify({ name: "Acme 📈 Outdoor" }) });
  expect(fine.status()).toBe(200);
  expect((await db.advertiser.findUniqueOrThrow({ where: { id: advertiser.id } })).name).toBe("Acme 📈 Outdoor");
});

test("a password over bcrypt's 72 bytes is refused, at the token exchange (400) and at sign-in, not cut short", async ({
  request,
  page,
}, testInfo) => {
  const db = await databaseFor(testInfo);
  const user = await arrangeUser(testInfo);
  // 37 characters, 74 bytes: within any character limit, over bcrypt's byte limit.
  const accented = "é".repeat(37);
  const refused = await request.post("/api/v2/api_tokens", {
    headers: { "Content-Type": "application/json" },
    data: JSON.stringify({ email: user.email, password: accented }),
  });
  expect(await refused.json()).toEqual({
    error: "invalid_request",
    error_description: "A password has at most 72 bytes (UTF-8), so this one cannot be right",
  });
  expect(refused.status()).toBe(400);

  // A hash of exactly 72 bytes: bcrypt would accept it followed by anything at all.
  const seventyTwo = "a".repeat(72);
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await bcrypt.hash(seventyTwo, 4) } });
  const padded = await request.post("/api/v2/api_tokens", {
    headers: { "Content-Type": "application/json" },
    data: JSON.stringify({ email: user.email, password: `${seventyTwo} and anything after it` }),
  });
  expect(padded.status()).toBe(400);
  expect(await db.credential.count({ where: { userId: user.id } })).toBe(0);
  const exact = await request.post("/api/v2/api_tokens", {
    headers: { "Content-Type": "application/json" },
    data: JSON.stringify({ email: user.email, password: seventyTwo }),
  });
  expect(exact.status()).toBe(200);

  await signIn(page, user.email, `${seventyTwo}!`);
  await expect(signInError(page)).toHaveText("A password has at most 72 bytes (UTF-8), so this one cannot be right.");
  // Refused without counting as a wrong guess: nothing in the audit log.
  expect(await db.auditEvent.count({ where: { action: "auth.sign_in_failed", targetId: user.id } })).toBe(0);
});
