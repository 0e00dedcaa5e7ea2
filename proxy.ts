// Every HTML page gets its security headers here (lib/security-headers.ts): a
// Content-Security-Policy with a nonce of its own, and HSTS behind https. Only headers: who may
// see a page is decided by the page itself (lib/auth), never here.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import {
  consentFormTarget,
  newNonce,
  pageContentSecurityPolicy,
  STRICT_TRANSPORT_SECURITY,
} from "@/lib/security-headers";

export function proxy(request: NextRequest): NextResponse {
  const settings = env();
  const https = settings.publicUrl?.startsWith("https://") ?? false;
  const formTarget = consentFormTarget(request.nextUrl);
  const policy = pageContentSecurityPolicy(newNonce(), {
    development: settings.nodeEnv === "development",
    https,
    formTargets: formTarget ? [formTarget] : [],
  });
  // Next.js finds the nonce in the request's policy and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: the JSON API, the OAuth endpoints and static files (public/ included) answer
      // no HTML, and the credential check's hot path stays free of this work. Prefetches carry
      // no document.
      source:
        "/((?!api/|v1/|oauth2/token|oauth2/revoke|oauth2/introspect|oauth2/userinfo|oauth2/jwks|\\.well-known/|_next/static/|_next/image|favicon\\.ico|favicon\\.svg|apple-touch-icon\\.png|robots\\.txt).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
