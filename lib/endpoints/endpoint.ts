// The one wrapper every route handler of the HTTP API goes through. It reads the body, checks
// the API version, authenticates the caller (an API credential and its scope, an OAuth client,
// or nobody), runs the handler, and turns every refusal into the one error answer
// (lib/http/respond.ts); anything unexpected is logged without secrets and answered 500.
// Answers are never stored by a cache; a public OAuth client's carry CORS headers.
import type { Scope } from "../access/privileges";
import { redactUrl } from "../api/redact";
import { assertSupportedVersion } from "../api/versions";
import { ProtocolError, serverError } from "../http/protocol-error";
import { errorResponse } from "../http/respond";
import { authenticateClient } from "../oauth/client-auth";
import type { OAuthClientRecord } from "../oauth/clients";
import { corsHeadersFor } from "../oauth/cors";
import { verifyRequest, type Principal } from "../verifier/verify";
import { readJsonObject, readOAuthForm } from "./request-body";

export type RouteHandler<P> = (request: Request, route: { params: Promise<P> }) => Promise<Response>;

/** An API credential (any transport) that must carry `scope`; null: any valid credential will do. */
export interface CredentialOptions {
  auth: "credential";
  scope: Scope | null;
  /** The path has a {version} segment: an unknown version is a 404 before anything else. */
  versioned?: boolean;
}
/** An OAuth client (HTTP Basic or client_id in the form); the body is RFC 6749's form. */
export interface OAuthClientOptions {
  auth: "oauth-client";
  /** A public client's answers, errors included, carry CORS headers (lib/oauth/cors.ts). */
  cors?: boolean;
}
/** No caller to authenticate. body "json": read as for credentials; "none": the handler reads the request itself. */
export interface OpenOptions {
  auth: "none";
  body: "json" | "none";
}
export type EndpointOptions = CredentialOptions | OAuthClientOptions | OpenOptions;

interface Call<P> {
  request: Request;
  params: P;
}
export interface CredentialCall<P> extends Call<P> {
  principal: Principal;
  /** The JSON object body without its oauth_token (a credential transport, never a field); {} when none. */
  body: Record<string, unknown>;
}
export interface OAuthClientCall<P> extends Call<P> {
  client: OAuthClientRecord;
  form: URLSearchParams;
}
export interface OpenCall<P> extends Call<P> {
  /** As CredentialCall's body; {} with body "none". */
  body: Record<string, unknown>;
}

type Handler<C> = (call: C) => Promise<Response>;

export function endpoint<P = unknown>(options: CredentialOptions, handler: Handler<CredentialCall<P>>): RouteHandler<P>;
export function endpoint<P = unknown>(
  options: OAuthClientOptions,
  handler: Handler<OAuthClientCall<P>>,
): RouteHandler<P>;
export function endpoint<P = unknown>(options: OpenOptions, handler: Handler<OpenCall<P>>): RouteHandler<P>;
export function endpoint<P>(options: EndpointOptions, handler: Handler<never>): RouteHandler<P> {
  return async (request, route) => {
    // Known once the client has authenticated; its CORS headers go on errors raised later too.
    let client: OAuthClientRecord | null = null;
    // A limited credential's rate-limit fields go on every answer once it is verified, errors too.
    let rateLimitHeaders: Record<string, string> = {};
    let response: Response;
    try {
      const params = await route.params;
      if (options.auth === "oauth-client") {
        const form = await readOAuthForm(request);
        client = await authenticateClient(request.headers, form);
        response = await (handler as Handler<OAuthClientCall<P>>)({ request, params, client, form });
      } else if (options.auth === "credential") {
        if (options.versioned) assertSupportedVersion((params as { version: string }).version);
        const body = await readJsonObject(request);
        const url = new URL(request.url);
        // The verifier checks the scope too, so a refusal for it is counted in the credential's usage.
        const principal = await verifyRequest(
          { method: request.method, headers: request.headers, searchParams: url.searchParams, jsonBody: body },
          { scope: options.scope },
        );
        if (principal instanceof ProtocolError) throw principal;
        rateLimitHeaders = principal.rateLimitHeaders;
        response = await (handler as Handler<CredentialCall<P>>)({
          request,
          params,
          principal,
          body: withoutToken(body),
        });
      } else {
        const body = options.body === "json" ? await readJsonObject(request) : undefined;
        response = await (handler as Handler<OpenCall<P>>)({ request, params, body: withoutToken(body) });
      }
      response.headers.set("Cache-Control", "no-store");
    } catch (error) {
      response = errorResponse(error instanceof ProtocolError ? error : logged(request, error));
    }
    for (const [header, value] of Object.entries(rateLimitHeaders)) response.headers.set(header, value);
    if (options.auth === "oauth-client" && options.cors) {
      for (const [header, value] of Object.entries(corsHeadersFor(client))) response.headers.set(header, value);
    }
    return response;
  };
}

function withoutToken(body: Record<string, unknown> | undefined): Record<string, unknown> {
  const { oauth_token: _token, ...fields } = body ?? {};
  return fields;
}

/** The URL with its secrets redacted and the message: never the body, never a header. */
function logged(request: Request, error: unknown): ProtocolError {
  const url = new URL(request.url);
  console.error(
    `Keyward error on ${request.method} ${redactUrl(url.pathname + url.search)}: ${(error as Error).message}`,
  );
  return serverError();
}
