"use server";
// Allow and Deny on the consent page. The form's hidden fields are the browser talking: the
// authorization request is checked again from scratch (client, exact redirect URI, PKCE,
// scopes) and the session is required again, so a tampered field can at most be refused.
// Next.js checks the Origin header of every server action (CSRF).
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { requireUser, type CurrentUser } from "@/lib/auth/current-user";
import { requestContextFrom } from "@/lib/auth/request-context";
import { db } from "@/lib/db";
import { consentRefusal, issueAuthorizationCode, recordDenial } from "@/lib/oauth/authorization-codes";
import {
  checkAuthorizationRequest,
  promptOutcome,
  redirectWith,
  type AuthorizationRequest,
} from "@/lib/oauth/authorization-request";
import { authorizationParametersFrom, authorizePathFor, consentScopes } from "@/lib/oauth/consent";
import { issuerFor } from "@/lib/oauth/issuer";
import { requestOrigin } from "@/lib/request-origin";

/**
 * The checked request the signed-in user is answering (each action requires the session first,
 * sending a signed-out user through sign-in and back to the consent page); anything else ends
 * here with a redirect: to the app with an error it can handle, or
 * to the consent page, which shows why this request cannot be answered (and sends nothing).
 */
async function answerable(user: CurrentUser, formData: FormData) {
  const params = authorizationParametersFrom(formData);
  const requestHeaders = await headers();
  const issuer = issuerFor(requestOrigin(requestHeaders));
  const database = await db();
  const check = await checkAuthorizationRequest(database, params, issuer);
  if (!check.ok) redirect("redirect" in check ? check.redirect : authorizePathFor(params));
  if (consentRefusal(user, check.request)) redirect(authorizePathFor(params));
  return { request: check.request, issuer, database, context: requestContextFrom(requestHeaders), params };
}

function hasGrantableScope(request: AuthorizationRequest, role: string): boolean {
  return consentScopes(request.scopes, role).some((scope) => scope.granted);
}

export async function allowAuthorization(formData: FormData): Promise<void> {
  const user = await requireUser({ callbackUrl: authorizePathFor(authorizationParametersFrom(formData)) });
  const { request, issuer, database, context, params } = await answerable(user, formData);
  // The page offers no Allow then; a hand-made one would only buy a code the token endpoint refuses.
  if (!hasGrantableScope(request, user.role)) redirect(authorizePathFor(params));
  // max_age checked again: the page may have stood open past it.
  if (promptOutcome(request, user.signedInAt)) redirect(authorizePathFor(params));
  const code = await issueAuthorizationCode(database, user, request, context);
  redirect(redirectWith(request.redirectUri, { code, state: request.state }, issuer));
}

export async function denyAuthorization(formData: FormData): Promise<void> {
  const user = await requireUser({ callbackUrl: authorizePathFor(authorizationParametersFrom(formData)) });
  const { request, issuer, database, context } = await answerable(user, formData);
  await recordDenial(database, user, request, context);
  redirect(
    redirectWith(
      request.redirectUri,
      { error: "access_denied", error_description: "The user denied the request", state: request.state },
      issuer,
    ),
  );
}
