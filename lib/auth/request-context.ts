// Who is calling: the client address and user agent, for the audit log and rate limits.
import type { RequestContext } from "../audit";

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (typeof (headers as { get?: unknown }).get === "function")
    return (headers as { get(name: string): string | null }).get(name);
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/**
 * The client address. server.mjs replaces whatever X-Forwarded-For the client sent with the
 * one address it trusts (the socket peer, or what KEYWARD_TRUSTED_PROXIES proxies saw), so
 * the header holds exactly one trusted entry by the time it gets here.
 */
export function requestContextFrom(headers: HeaderSource): RequestContext {
  return { ip: firstEntry(header(headers, "x-forwarded-for")), userAgent: header(headers, "user-agent") };
}

/** The first entry of a list header, trimmed; null when there is none. Read on every verified request: no split. */
function firstEntry(value: string | null): string | null {
  if (value === null) return null;
  const comma = value.indexOf(",");
  return (comma === -1 ? value : value.slice(0, comma)).trim() || null;
}
