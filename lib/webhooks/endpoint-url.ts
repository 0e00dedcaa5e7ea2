// The rules a webhook URL must meet when it is registered and again before every delivery
// (lib/webhooks/deliver-http.ts re-checks the resolved addresses, since DNS may change).
import { isIP } from "node:net";
import { addressRefusal, isLocalhostName, isLoopbackAddress, type AddressRules } from "./address-rules";

export const MAX_ENDPOINT_URL_LENGTH = 2000;

export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/** The URL's host without IPv6 brackets. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "");
}

/**
 * https anywhere public; http only to loopback (127.0.0.1, ::1, localhost) and only when
 * loopback is allowed; never credentials in the URL (they would be a secret in a log); an IP
 * literal must not be private or reserved unless the install allows it.
 */
export function checkEndpointUrl(value: string, rules: AddressRules): UrlCheck {
  if (value.length > MAX_ENDPOINT_URL_LENGTH)
    return { ok: false, message: `Use at most ${MAX_ENDPOINT_URL_LENGTH} characters.` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: "Enter a full URL, such as https://hooks.example.com/keyward." };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, message: "Use an https:// URL." };
  if (url.username || url.password) return { ok: false, message: "Do not put a user name or password in the URL." };
  if (url.hash) return { ok: false, message: "Remove the #fragment: it is never sent." };
  const host = bareHostname(url);
  const loopbackHost = isLocalhostName(host) || isLoopbackAddress(host);
  if (url.protocol === "http:" && !(loopbackHost && rules.allowLoopback))
    return {
      ok: false,
      message: rules.allowLoopback
        ? "Use an https:// URL (http:// is allowed for 127.0.0.1, ::1 and localhost only)."
        : "Use an https:// URL.",
    };
  if (isLocalhostName(host) && !rules.allowLoopback)
    return { ok: false, message: "localhost cannot receive webhooks in production." };
  if (isIP(host) !== 0) {
    const refusal = addressRefusal(host, rules);
    if (refusal) return { ok: false, message: `${host} ${refusal}.` };
  }
  return { ok: true, url };
}
