// OAuth for native and browser apps, in Chromium against the production build: a native app's
// loopback redirect URI matches on any port and on nothing else (RFC 8252 7.3), and a
// single-page app on another origin exchanges its code with fetch() and reads the token (CORS
// for public clients), while a confidential client's answers stay unreadable to a web page.
import { createServer } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import {
  HTTPS_REDIRECT_URI,
  arrangeOAuthApp,
  arrivalAt,
  authorizePath,
  exchangeCode,
  pkcePair,
  randomState,
  startLoopbackApp,
  type ConsentingUser,
  type LoopbackApp,
  type OAuthApp,
} from "./support/oauth-flow";
import { signInExpectingDashboard } from "./support/sign-in";
import { databaseFor, extraPort } from "./support/state";

const REFUSAL_HEADING = "This app's request cannot be completed";
/** A port no listener has: the registered one, never the one the app's listener got. */
const REGISTERED_LOOPBACK = "http://127.0.0.1:8123/callback";

interface SinglePageApp {
  /** http://127.0.0.1:<extra port>: another origin than Keyward's. */
  origin: string;
  close(): Promise<void>;
}

/** A single-page app's own web server: one static page on an origin of its own. */
async function startSinglePageApp(port: number): Promise<SinglePageApp> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end("<!doctype html><title>Single-page app</title><h1>Single-page app</h1>");
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let loopback: LoopbackApp;
let spa: SinglePageApp;
test.beforeAll(async ({}, testInfo) => {
  loopback = await startLoopbackApp();
  spa = await startSinglePageApp(extraPort(12, testInfo));
});
test.beforeEach(() => loopback.reset());
test.afterAll(async () => {
  await loopback.close();
  await spa.close();
});

function keyward(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error("no baseURL");
  return url;
}

/** Signs in, allows the app at `redirectUri`, and returns the code the app received there. */
async function consent(
  page: Page,
  app: OAuthApp,
  user: ConsentingUser,
  redirectUri: string,
  challenge: string,
): Promise<string> {
  await signInExpectingDashboard(page, user.email, user.password);
  await page.goto(
    authorizePath({
      response_type: "code",
      client_id: app.clientId,
      redirect_uri: redirectUri,
      scope: "users:read",
      state: randomState(),
      code_challenge: challenge,
      code_challenge_method: "S256",
    }),
  );
  await page.getByRole("button", { name: "Allow" }).click();
  return (await arrivalAt(page, redirectUri)).get("code") ?? "";
}

type FetchOutcome = { blocked: true } | { blocked: false; status: number; body: Record<string, unknown> | null };

/** fetch() from the page as the single-page app's own script would; `blocked`: the browser refused to expose the answer. */
function fetchFromPage(
  page: Page,
  path: string,
  fields: Record<string, string>,
  init: { credentials?: RequestCredentials; headers?: Record<string, string> } = {},
): Promise<FetchOutcome> {
  return page.evaluate(
    async ({ url, fields, init }) => {
      try {
        const response = await fetch(url, { method: "POST", body: new URLSearchParams(fields), ...init });
        const text = await response.text();
        return {
          blocked: false as const,
          status: response.status,
          body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
        };
      } catch {
        return { blocked: true as const };
      }
    },
    { url: `${keyward()}${path}`, fields, init },
  );
}

test("a native app's loopback redirect URI matches on the port its listener got, not only the registered one (RFC 8252 7.3)", async ({
  page,
  request,
}) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback, {
    public: true,
    redirectUris: [REGISTERED_LOOPBACK],
  });
  expect(loopback.redirectUri).not.toBe(REGISTERED_LOOPBACK);
  const { verifier, challenge } = pkcePair();
  const code = await consent(page, app, user, loopback.redirectUri, challenge);
  expect(code).toMatch(/^kw_ac_/);
  expect(loopback.arrivalsAt("/callback")).toHaveLength(1);

  // The code is bound to the address it was sent to, port included (RFC 6749 4.1.3).
  const registered = await exchangeCode(request, app, {
    code,
    redirect_uri: REGISTERED_LOOPBACK,
    code_verifier: verifier,
  });
  expect(registered.status()).toBe(400);
  expect(await registered.json()).toMatchObject({ error: "invalid_grant" });
  const exchanged = await exchangeCode(request, app, {
    code,
    redirect_uri: loopback.redirectUri,
    code_verifier: verifier,
  });
  expect(exchanged.status()).toBe(200);
  const { access_token: token } = (await exchanged.json()) as { access_token: string };
  expect((await request.get("/v1/users", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);
});

test("only the port may differ: another path, query, host or scheme is refused on Keyward's page and never followed", async ({
  page,
}) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback, {
    public: true,
    redirectUris: [REGISTERED_LOOPBACK, HTTPS_REDIRECT_URI],
  });
  const port = new URL(loopback.origin).port;
  await signInExpectingDashboard(page, user.email, user.password);
  for (const redirectUri of [
    `${loopback.origin}/other`,
    `${loopback.origin}/callback?next=1`,
    `http://localhost:${port}/callback`,
    `http://[::1]:${port}/callback`,
    `https://127.0.0.1:${port}/callback`,
  ]) {
    await page.goto(
      authorizePath({
        response_type: "code",
        client_id: app.clientId,
        redirect_uri: redirectUri,
        scope: "users:read",
        state: randomState(),
        code_challenge: pkcePair().challenge,
        code_challenge_method: "S256",
      }),
    );
    await expect(page.getByRole("heading", { level: 1, name: REFUSAL_HEADING }), redirectUri).toBeVisible();
    await expect(page.locator("#authorize-error")).toContainText("redirect_uri mismatch");
    expect(new URL(page.url()).origin).toBe(keyward());
  }
  expect(loopback.arrivalsAt("/other")).toHaveLength(0);
  expect(loopback.arrivalsAt("/callback")).toHaveLength(0);
  expect(await (await databaseFor(test.info())).oAuthAuthorizationCode.count({ where: { clientId: app.id } })).toBe(0);
});

test("a single-page app on another origin exchanges its code with fetch() and reads the token; it revokes it the same way", async ({
  page,
  request,
}) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback, { public: true });
  const { verifier, challenge } = pkcePair();
  const code = await consent(page, app, user, loopback.redirectUri, challenge);
  await page.goto(spa.origin);
  await expect(page.getByRole("heading", { name: "Single-page app" })).toBeVisible();
  const fields = {
    grant_type: "authorization_code",
    client_id: app.clientId,
    code,
    redirect_uri: loopback.redirectUri,
    code_verifier: verifier,
  };

  // Never with credentials: a request that carries cookies cannot read any answer.
  expect(
    await fetchFromPage(
      page,
      "/oauth2/token",
      { ...fields, code_verifier: pkcePair().verifier },
      { credentials: "include" },
    ),
  ).toEqual({ blocked: true });
  // The app reads its own mistakes...
  expect(await fetchFromPage(page, "/oauth2/token", { ...fields, code_verifier: pkcePair().verifier })).toMatchObject({
    blocked: false,
    status: 400,
    body: { error: "invalid_grant" },
  });
  // ...and its token.
  const exchanged = await fetchFromPage(page, "/oauth2/token", fields);
  expect(exchanged).toMatchObject({
    blocked: false,
    status: 200,
    body: { token_type: "Bearer", scope: "users:read", access_token: expect.stringMatching(/^kw_oat_/) },
  });
  const token = exchanged.blocked ? "" : String(exchanged.body?.access_token);
  expect((await request.get("/v1/users", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);

  expect(await fetchFromPage(page, "/oauth2/revoke", { token, client_id: app.clientId })).toEqual({
    blocked: false,
    status: 200,
    body: null,
  });
  expect((await request.get("/v1/users", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
});

test("a confidential client's answers carry no CORS headers: a page cannot send its Basic credentials, nor read what an embedded secret buys", async ({
  page,
  request,
}) => {
  const { app, user } = await arrangeOAuthApp(test.info(), loopback);
  if (!app.clientSecret) throw new Error("expected a confidential client");
  const { verifier, challenge } = pkcePair();
  const code = await consent(page, app, user, loopback.redirectUri, challenge);
  await page.goto(spa.origin);
  const fields = {
    grant_type: "authorization_code",
    code,
    redirect_uri: loopback.redirectUri,
    code_verifier: verifier,
  };

  // Authorization is not allowed by the preflight: the browser never sends this POST...
  const basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`;
  expect(await fetchFromPage(page, "/oauth2/token", fields, { headers: { Authorization: basic } })).toEqual({
    blocked: true,
  });
  // ...so the code is still unused, and the app's server exchanges it: no CORS headers on its answer.
  const exchanged = await exchangeCode(request, app, fields);
  expect(exchanged.status()).toBe(200);
  expect(exchanged.headers()["access-control-allow-origin"]).toBeUndefined();
  // A secret embedded in a page buys nothing the page can read, not even the refusal.
  expect(
    await fetchFromPage(page, "/oauth2/token", { ...fields, client_id: app.clientId, client_secret: app.clientSecret }),
  ).toEqual({ blocked: true });
});

test("the preflight of /oauth2/token and /oauth2/revoke allows POST with Content-Type from any origin, never with credentials; introspection answers no CORS", async ({
  request,
}) => {
  for (const path of ["/oauth2/token", "/oauth2/revoke"]) {
    const preflight = await request.fetch(path, {
      method: "OPTIONS",
      headers: {
        Origin: spa.origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(preflight.status(), path).toBe(204);
    const headers = preflight.headers();
    expect(headers["access-control-allow-origin"]).toBe("*");
    expect(headers["access-control-allow-methods"]).toBe("POST");
    expect(headers["access-control-allow-headers"]).toBe("Content-Type");
    expect(headers["access-control-allow-credentials"]).toBeUndefined();
  }
  const introspection = await request.fetch("/oauth2/introspect", {
    method: "OPTIONS",
    headers: { Origin: spa.origin, "Access-Control-Request-Method": "POST" },
  });
  expect(introspection.headers()["access-control-allow-origin"]).toBeUndefined();
});
