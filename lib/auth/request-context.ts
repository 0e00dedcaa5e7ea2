// Who is calling: the client address and user agent, for the audit log and rate limits.
import type { RequestContext } from "../audit";

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (typeof (headers as { get?: unknown }).get === "function") return (headers as { get(name: string): string | null }).get(name);
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/**
 * The client address is the first X-Forwarded-For entry: Next's server sets it from the
 * socket, and a reverse proxy in front of Keyward must overwrite, not append to, what the
 * client sent (as nginx's `proxy_set_header X-Forwarded-For $remote_addr` does).
 */
export function requestContextFrom(headers: HeaderSource): RequestContext {
  const forwarded = header(headers, "x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || header(headers, "x-real-ip")?.trim() || null;
  return { ip, userAgent: header(headers, "user-agent") };
}
