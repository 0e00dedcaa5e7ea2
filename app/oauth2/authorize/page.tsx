import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { CHANGE_PASSWORD_PATH, getCurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { requestContextFrom } from "@/lib/auth/request-context";
import { consentRefusal, issueAuthorizationCode } from "@/lib/oauth/authorization-codes";
import { checkAuthorizationRequest, promptOutcome, redirectWith } from "@/lib/oauth/authorization-request";
import { decideConsent } from "@/lib/oauth/consent-decision";
import { allowedScopes } from "@/lib/oauth/remembered-consent";
import { authorizationParametersFrom, authorizePathFor, consentScopes, returnDestination } from "@/lib/oauth/consent";
import { issuerFor } from "@/lib/oauth/issuer";
import { requestOrigin } from "@/lib/request-origin";
import { ConsentForm } from "./consent-form";

export const metadata: Metadata = { title: "Allow access", robots: { index: false, follow: false } };

// GET /oauth2/authorize (RFC 6749 4.1.1, PKCE required): the consent page. Outside the
// dashboard shell, like the sign-in page. next.config.js forbids framing it (clickjacking an
// Allow button) and caching it.

function Card({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
    </main>
  );
}

/**
 * The request cannot be answered to the app: the client or its redirect URI is not to be
 * trusted (or the user cannot answer for this app), so nothing is sent anywhere and there is
 * deliberately no link back to the app.
 */
function RefusalCard({ message }: { message: string }) {
  return (
    <Card>
      <h1 className="text-xl font-semibold">This app&apos;s request cannot be completed</h1>
      <p id="authorize-error" className="mt-4 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800">
        {message}
      </p>
      <p className="mt-4 text-sm text-slate-600">
        Nothing was shared with the app. You can close this page; if you expected it to work, tell the app&apos;s
        developer what it says.
      </p>
    </Card>
  );
}

export default async function AuthorizePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = authorizationParametersFrom(await searchParams);
  const requestHeaders = await headers();
  const issuer = issuerFor(requestOrigin(requestHeaders));
  const database = await db();
  // The request is judged before anyone signs in: a bad client or redirect URI is shown here,
  // an app's own mistake goes straight back to the app (RFC 6749 4.1.2.1).
  const check = await checkAuthorizationRequest(database, params, issuer);
  if (!check.ok) {
    if ("fatal" in check) return <RefusalCard message={check.fatal} />;
    redirect(check.redirect);
  }
  // Typed `never` explicitly, so that TypeScript knows nothing runs after it.
  const answer: (error: string, description: string) => never = (error, description) =>
    redirect(
      redirectWith(
        check.request.redirectUri,
        { error, error_description: description, state: check.request.state },
        issuer,
      ),
    );

  const user = await getCurrentUser();
  // prompt=none without a session, and a session older than max_age, are answered to the app
  // before any page is shown (OIDC Core 3.1.2.1, 3.1.2.6).
  const prompted = promptOutcome(check.request, user?.signedInAt ?? null);
  if (prompted) answer(prompted.error, prompted.description);
  // After sign-in the user comes back here, with the same request.
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(authorizePathFor(params))}`);
  if (user.passwordExpired && check.request.prompt.includes("none"))
    answer("login_required", "The user must change their password first");
  // An expired password first; the new sign-in that follows comes back to this request.
  if (user.passwordExpired)
    redirect(`${CHANGE_PASSWORD_PATH}?callbackUrl=${encodeURIComponent(authorizePathFor(params))}`);

  const { request } = check;
  const refused = consentRefusal(user, request);
  if (refused) return <RefusalCard message={refused.message} />;

  // Asked before only once every check above has passed: a remembered consent never answers a
  // request that would be refused for any other reason.
  const decision = decideConsent({
    requested: request.scopes,
    role: user.role,
    allowed: await allowedScopes(database, user.id, request.client.id),
    prompt: request.prompt,
  });
  if (decision.kind === "refuse") answer(decision.error, decision.description);
  if (decision.kind === "remembered") {
    const code = await issueAuthorizationCode(database, user, request, requestContextFrom(requestHeaders), new Date(), {
      remembered: true,
    });
    redirect(redirectWith(request.redirectUri, { code, state: request.state }, issuer));
  }
  const { newScopes, alreadyAllowed } = decision;
  const widening = alreadyAllowed.length > 0;
  // What is asked: the new scopes, and those the role refuses (struck through, as before).
  const scopes = consentScopes(request.scopes, user.role).filter(
    (scope) => !scope.granted || newScopes.includes(scope.scope),
  );
  const grantable = scopes.some((scope) => scope.granted);
  return (
    <Card>
      <h1 className="text-xl font-semibold">
        {request.client.name} {widening ? "wants more access to" : "wants to access"} your Keyward account
      </h1>
      <p className="mt-1 text-sm text-slate-600">
        Signed in as <span data-testid="consent-email">{user.email}</span>
      </p>
      <h2 className="mt-6 text-sm font-medium">
        {widening
          ? `If you allow it, ${request.client.name} also wants to:`
          : `If you allow it, ${request.client.name} will be able to:`}
      </h2>
      <ul aria-label="Requested permissions" className="mt-2 space-y-2">
        {scopes.map(({ scope, description, granted }) => (
          <li key={scope} className="rounded border border-slate-200 p-2 text-sm">
            <span className={granted ? "" : "text-slate-500 line-through"}>{description}</span>{" "}
            <code className="text-xs text-slate-500">{scope}</code>
            {granted ? null : (
              <span className="mt-1 block text-xs font-medium text-amber-800">
                Not granted: your role does not allow it
              </span>
            )}
          </li>
        ))}
      </ul>
      {widening ? (
        <p className="mt-4 text-sm text-slate-600" data-testid="already-allowed">
          You already allowed it to:{" "}
          {alreadyAllowed.map((scope) => consentScopes([scope], user.role)[0]!.description).join("; ")}.
        </p>
      ) : null}
      {grantable ? null : (
        <p
          id="nothing-grantable"
          className="mt-4 rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900"
        >
          Your role allows none of what {request.client.name} asks for, so there is nothing you can allow.
        </p>
      )}
      <p className="mt-4 text-sm text-slate-600">
        Either way you will be sent back to{" "}
        <strong className="break-all" data-testid="consent-destination">
          {returnDestination(request.redirectUri)}
        </strong>
        . Keyward never gives the app your password.{" "}
        {request.client.grantTypes.includes("refresh_token")
          ? "It may renew its access for up to 30 days without asking you again, unless that access is revoked."
          : "Its access lasts an hour; then the app has to send you here again."}{" "}
        Once you allow it, Keyward remembers: you are not asked about these again until you disconnect the app under
        Connected apps.
      </p>
      <ConsentForm parameters={[...params.entries()]} canAllow={grantable} />
    </Card>
  );
}
