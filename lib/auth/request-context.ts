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
  const forwarded = header(headers, "x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || null;
  return { ip, userAgent: header(headers, "user-agent") };
}
