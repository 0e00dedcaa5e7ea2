// Where a request carries its credential. Every transport the seeds show, and nothing
// else; a credential in two places at once is refused rather than guessed at.
import type { Transport } from "../credentials/transport";
import { invalidRequest, invalidToken, missing, ProtocolError } from "../http/protocol-error";

export type { Transport };

export interface PresentedCredential {
  token: string;
  transport: Transport;
  /** TrackVia's account API key, sent beside an auth token. */
  userKey: string | null;
}

export interface RequestParts {
  method: string;
  headers: Headers;
  searchParams: URLSearchParams;
  /** The parsed JSON body of a POST, when it was JSON; undefined otherwise. */
  jsonBody?: unknown;
}

const QUERY_NAMES = ["oauth_token", "access_token"] as const;
const AUTHORIZATION_SCHEMES: ReadonlyMap<string, Transport> = new Map<string, Transport>([
  ["bearer", "bearer"],
  ["token", "token"],
  ["key", "key"],
]);
const TOKEN_SHAPE = /^[\x21-\x7e]{1,512}$/;

function fromAuthorization(value: string): { token: string; transport: Transport } | ProtocolError {
  const trimmed = value.trim();
  const space = trimmed.indexOf(" ");
  if (space === -1) return { token: trimmed, transport: "authorization" };
  const scheme = trimmed.slice(0, space).toLowerCase();
  const token = trimmed.slice(space + 1).trim();
  // A Map, not an object literal: `constructor`, `toString` or `__proto__` as a scheme would
  // otherwise find a property every object inherits.
  const transport = AUTHORIZATION_SCHEMES.get(scheme);
  if (!transport) return invalidToken(`The Authorization scheme is not supported; use Bearer, token or key`);
  return { token, transport };
}

// The verifier's hot path (scripts/bench/verifier.ts): each header is read once, and only the
// one credential found is kept, with a count of how many places carried one.
export function extractCredential(request: RequestParts): PresentedCredential | ProtocolError {
  let found: { token: string; transport: Transport } | null = null;
  let places = 0;
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const parsed = fromAuthorization(authorization);
    if (parsed instanceof ProtocolError) return parsed;
    found = parsed;
    places += 1;
  }
  const apiKey = request.headers.get("x-api-key");
  if (apiKey !== null) {
    found = { token: apiKey.trim(), transport: "x-api-key" };
    places += 1;
  }
  // Stryker disable next-line ConditionalExpression: a shortcut only; with no parameters the loop finds nothing either
  if (request.searchParams.size > 0) {
    for (const name of QUERY_NAMES) {
      const values = request.searchParams.getAll(name);
      if (values.length > 0 && request.method !== "GET") {
        return invalidRequest(
          "A token in the query string is accepted on GET requests only; send it in the Authorization header",
        );
      }
      for (const value of values) {
        found = { token: value.trim(), transport: "query" };
        places += 1;
      }
    }
  }
  const body = request.jsonBody;
  if (body && typeof body === "object" && !Array.isArray(body) && "oauth_token" in body) {
    const value = (body as Record<string, unknown>).oauth_token;
    if (typeof value !== "string") return invalidRequest("oauth_token in the body must be a string");
    found = { token: value.trim(), transport: "body" };
    places += 1;
  }

  const userKey = request.headers.get("user_key");
  if (found === null) {
    return userKey !== null ? invalidToken("user_key is the account API key; send it with an auth token") : missing();
  }
  if (places > 1) return invalidRequest("The request carries credentials in more than one place; send exactly one");
  if (!TOKEN_SHAPE.test(found.token)) return invalidToken("The credential is malformed");
  return { token: found.token, transport: found.transport, userKey: userKey === null ? null : userKey.trim() };
}
