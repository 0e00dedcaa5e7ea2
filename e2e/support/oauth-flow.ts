// The authorization code flow as an app would run it, for e2e/oauth-authorize.spec.ts: an
// OAuth app registered through lib/ in an account of its own (so /v1/users lists a handful
// of users, not every user the other specs made), a PKCE pair, the authorization URL, the
// app's redirect URIs, and the token exchange.
//
// The app is reached two ways, as real apps are: a native app's loopback listener (RFC 8252
// 7.3), which is a real HTTP server on a free port here, and a web app's https callback,
// which Playwright answers (page.route) since no such host exists. page.route alone is not
// enough: Playwright does not route the target of an HTTP redirect (microsoft/playwright
// #2617), and the consent page answers a bad request with a plain 307 to the app.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type APIRequestContext, type Page, type Request, type TestInfo } from "@playwright/test";
import type { OAuthScope } from "@/lib/access/privileges";
import { NO_REQUEST, SYSTEM_ACTOR } from "@/lib/audit";
import type { Role } from "@/lib/access/roles";
import { registerClient, withSecret } from "@/lib/oauth/clients";
import { s256Challenge } from "@/lib/oauth/pkce";
import { createUser } from "@/lib/users/create-user";
import type { GrantType } from "@/lib/validations/oauth-client-values";
import { databaseFor } from "./state";
import { E2E_USER_PASSWORD } from "./users";
import { organizationData } from "@/lib/organizations/rows";

/** A web app's callback; .test never resolves: page.route answers it (standInForApp). */
export const HTTPS_REDIRECT_URI = "https://client.keyward-e2e.test/oauth/callback";

export interface OAuthApp {
  id: string;
  clientId: string;
  /** null: a public client (client_id and PKCE only). */
  clientSecret: string | null;
  name: string;
  accountId: string;
}

export interface ConsentingUser {
  id: string;
  email: string;
  password: string;
}

const APP_PAGE = "<!doctype html><title>App</title><h1>Back in the app</h1>";

export interface LoopbackApp {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** <origin>/callback, the redirect URI the app registers. */
  redirectUri: string;
  /** Every request the browser made to the listener under `path`, oldest first. */
  arrivalsAt(path: string): URL[];
  /** Forgets what arrived so far (each test starts from none). */
  reset(): void;
  close(): Promise<void>;
}

/** A native app's loopback listener on a free port of 127.0.0.1. */
export async function startLoopbackApp(): Promise<LoopbackApp> {
  let arrivals: URL[] = [];
  const server = createServer((request, response) => {
    arrivals.push(new URL(request.url ?? "/", "http://127.0.0.1"));
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(APP_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    redirectUri: `${origin}/callback`,
    arrivalsAt: (path) => arrivals.filter((url) => url.pathname === path),
    reset: () => void (arrivals = []),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A fresh account with its super admin, an OAuth app it registered (redirect URIs: the
 * loopback listener's and HTTPS_REDIRECT_URI, unless given), and a user of `role` to consent.
 * The admin's sign-in comes back too, for what only that account's super admin may do.
 */
export async function arrangeOAuthApp(
  testInfo: TestInfo,
  loopback: LoopbackApp,
  options: {
    role?: Role;
    scopes?: OAuthScope[];
    public?: boolean;
    redirectUris?: string[];
    grantTypes?: GrantType[];
  } = {},
): Promise<{ app: OAuthApp; user: ConsentingUser; admin: ConsentingUser }> {
  const db = await databaseFor(testInfo);
  const tag = randomBytes(4).toString("hex");
  const accountId = (await db.account.create({ data: { name: `OAuth Network ${tag}` } })).id;
  const system = { ...SYSTEM_ACTOR, accountId };
  const admin = await createUser(
    db,
    accountId,
    {
      email: `oauth-admin.${tag}@e2e.test`,
      name: "OAuth Admin",
      password: E2E_USER_PASSWORD,
      role: "super_admin",
      status: "active",
    },
    system,
    NO_REQUEST,
  );
  const role = options.role ?? "network_user";
  let advertiserId: string | undefined;
  if (role === "advertiser_user")
    advertiserId = (
      await db.advertiser.create({ data: organizationData(accountId, `oauth-${tag}`, `OAuth Advertiser ${tag}`) })
    ).id;
  const user = await createUser(
    db,
    accountId,
    {
      email: `oauth-user.${tag}@e2e.test`,
      name: "OAuth User",
      password: E2E_USER_PASSWORD,
      role,
      status: "active",
      advertiserId,
    },
    system,
    NO_REQUEST,
  );
  const name = `Reporting App ${tag}`;
  const registered = await registerClient(
    db,
    { id: admin.id, email: admin.email, accountId, role: "super_admin" },
    {
      name,
      redirectUris: (options.redirectUris ?? [loopback.redirectUri, HTTPS_REDIRECT_URI]).join("\n"),
      grantTypes: options.grantTypes ?? ["authorization_code"],
      scopes: options.scopes ?? ["advertisers:read", "advertisers:write", "users:read"],
      clientType: options.public ? "public" : "confidential",
    },
    NO_REQUEST,
  );
  if (!("registered" in registered)) throw new Error("expected a new OAuth app");
  const { client, secret } = options.public ? registered.registered : withSecret(registered.registered);
  return {
    app: { id: client.id, clientId: client.clientId, clientSecret: secret, name, accountId },
    user: { id: user.id, email: user.email, password: E2E_USER_PASSWORD },
    admin: { id: admin.id, email: admin.email, password: E2E_USER_PASSWORD },
  };
}

/** A PKCE pair (RFC 7636 4.1, 4.2): a random verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString("base64url");
  return { verifier, challenge: s256Challenge(verifier) };
}

export function randomState(): string {
  return randomBytes(16).toString("base64url");
}

/** /oauth2/authorize?… with these parameters (undefined ones left out). */
export function authorizePath(params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.append(name, value);
  return `/oauth2/authorize?${query.toString()}`;
}

/**
 * Stands in for a web app at `uri` (and anything under it) in this page: records every
 * request the browser makes there and answers with a small page. Returns the requests seen.
 * Not for targets of HTTP redirects (see the top of this file).
 */
export async function standInForApp(page: Page, uri: string): Promise<Request[]> {
  const seen: Request[] = [];
  await page.route(`${uri}**`, async (route) => {
    seen.push(route.request());
    await route.fulfill({ status: 200, contentType: "text/html", body: APP_PAGE });
  });
  return seen;
}

/** Waits until the browser is on the app's redirect URI, and returns the parameters it brought. */
export async function arrivalAt(page: Page, uri: string): Promise<URLSearchParams> {
  await expect(page.getByRole("heading", { name: "Back in the app" })).toBeVisible();
  const url = new URL(page.url());
  expect(`${url.origin}${url.pathname}`).toBe(uri);
  return url.searchParams;
}

/** POST /oauth2/token, grant_type=authorization_code, client authenticated in the body. */
export function exchangeCode(
  request: APIRequestContext,
  app: OAuthApp,
  fields: { code: string; redirect_uri: string; code_verifier: string },
) {
  return request.post("/oauth2/token", {
    form: {
      grant_type: "authorization_code",
      client_id: app.clientId,
      ...(app.clientSecret ? { client_secret: app.clientSecret } : {}),
      ...fields,
    },
  });
}
