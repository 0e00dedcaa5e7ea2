// The headers that tell a browser what a Keyward page may do: a Content-Security-Policy with
// a fresh nonce for every HTML response (proxy.ts), and HSTS when Keyward is served over https.
// Next.js reads the nonce back from the policy on the request and puts it on its own scripts
// (node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md).
import { randomBytes } from "node:crypto";

export interface PagePolicyOptions {
  /** `next dev` only: React rebuilds server error stacks with eval. */
  development: boolean;
  /** The page is served over https (KEYWARD_URL): ask for https subresources too. */
  https: boolean;
  /**
   * Where a form on this page may send the browser besides Keyward itself: the consent page's
   * Allow and Deny end in a redirect to the app, and Chromium applies form-action to that
   * redirect when the form is submitted without JavaScript.
   */
  formTargets?: string[];
}

export function newNonce(): string {
  return randomBytes(18).toString("base64");
}

export function pageContentSecurityPolicy(nonce: string, options: PagePolicyOptions): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': scripts Next.js loads from its nonced ones run; no host allowlist to bypass.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    // Tailwind is one stylesheet from 'self'; Next.js nonces any <style> it inlines. No
    // 'unsafe-inline': style attributes in server HTML would be refused (React sets the ones
    // it needs from script, through the CSSOM, which CSP does not govern).
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    ["form-action 'self'", ...(options.formTargets ?? [])].join(" "),
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Two years, as the HSTS preload list asks; only ever sent when KEYWARD_URL is https. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000";

/**
 * The origin of the consent page's redirect_uri, when it is an http(s) URL. Safe to allow
 * before the page has checked it: the page shows its Allow/Deny form only for a redirect URI
 * registered for the client, and refuses every other request without any form.
 */
export function consentFormTarget(url: URL): string | undefined {
  if (url.pathname !== "/oauth2/authorize") return undefined;
  const values = url.searchParams.getAll("redirect_uri");
  if (values.length !== 1) return undefined;
  try {
    const target = new URL(values[0]!);
    if (target.protocol !== "https:" && target.protocol !== "http:") return undefined;
    return target.origin;
  } catch {
    // Not a URL: the page refuses the request and shows no form.
    return undefined;
  }
}
