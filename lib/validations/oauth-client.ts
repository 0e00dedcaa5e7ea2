// The "Register OAuth App" form, as the form, its server action and lib/oauth/clients.ts see it.
import { z } from "zod";
import { singleLineText } from "./text";
import { OAUTH_SCOPES, isIdentityScope } from "../access/privileges";
import { MAX_REDIRECT_URIS, redirectUriProblem } from "./redirect-uri";
import { requestIdSchema } from "./credential";
import { CLIENT_TYPES, GRANT_TYPES } from "./oauth-client-values";

// The names and labels without zod, for the Register OAuth App dialog (zod in a browser bundle
// probes for eval, which the Content-Security-Policy reports).
export * from "./oauth-client-values";

/** One URI per line in the form; blank lines and repeats are dropped. */
const redirectUrisSchema = z
  .string()
  .max(25_000, "Too many redirect URIs")
  .default("")
  .transform((text, ctx) => {
    const uris = [
      ...new Set(
        text
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean),
      ),
    ];
    if (uris.length > MAX_REDIRECT_URIS)
      ctx.addIssue({ code: "custom", message: `Register at most ${MAX_REDIRECT_URIS} redirect URIs` });
    for (const uri of uris) {
      const problem = redirectUriProblem(uri);
      if (problem)
        ctx.addIssue({ code: "custom", message: `${uri.length > 80 ? `${uri.slice(0, 80)}…` : uri}: ${problem}` });
    }
    return uris;
  });

export const newOAuthClientSchema = z
  .object({
    name: singleLineText({ required: "Enter a name", tooLong: "Use at most 100 characters" }, 100),
    redirectUris: redirectUrisSchema,
    grantTypes: z
      .array(z.enum(GRANT_TYPES, { error: "Choose a listed grant" }))
      .min(1, "Choose at least one grant")
      .transform((list) => [...new Set(list)]),
    scopes: z
      .array(z.enum(OAUTH_SCOPES, { error: "Choose listed scopes only" }))
      .min(1, "Choose at least one scope")
      .transform((list) => [...new Set(list)]),
    serviceUserId: z
      .string()
      .trim()
      .max(100)
      .optional()
      .transform((value) => value || undefined),
    canIntrospect: z.boolean().default(false),
    clientType: z.enum(CLIENT_TYPES, { error: "Choose confidential or public" }).default("confidential"),
    requestId: requestIdSchema,
  })
  .superRefine((data, ctx) => {
    if (data.grantTypes.includes("authorization_code") && data.redirectUris.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["redirectUris"],
        message: "The authorization code grant needs at least one redirect URI",
      });
    }
    if (data.grantTypes.includes("refresh_token") && !data.grantTypes.includes("authorization_code")) {
      ctx.addIssue({
        code: "custom",
        path: ["grantTypes"],
        message: "Refresh tokens come only with the authorization code grant: choose it too",
      });
    }
    if (data.clientType === "public" && data.grantTypes.includes("client_credentials")) {
      ctx.addIssue({
        code: "custom",
        path: ["grantTypes"],
        message: "A public client keeps no secret, so it cannot use client credentials",
      });
    }
    if (data.clientType === "public" && data.canIntrospect) {
      ctx.addIssue({
        code: "custom",
        path: ["canIntrospect"],
        message: "Only a confidential client (one with a secret) may introspect tokens",
      });
    }
    // Identity scopes name the user who signed in on the consent page: client credentials have none.
    if (data.scopes.some(isIdentityScope) && !data.grantTypes.includes("authorization_code")) {
      ctx.addIssue({
        code: "custom",
        path: ["scopes"],
        message: "openid, profile and email sign a user in, so they need the authorization code grant",
      });
    }
    // OIDC Core 3.1.2.1: without openid there is no ID token and no UserInfo, so profile and email would give nothing.
    if ((data.scopes.includes("profile") || data.scopes.includes("email")) && !data.scopes.includes("openid")) {
      ctx.addIssue({ code: "custom", path: ["scopes"], message: "profile and email need openid too" });
    }
    if (data.grantTypes.includes("client_credentials") && !data.serviceUserId) {
      ctx.addIssue({
        code: "custom",
        path: ["serviceUserId"],
        message: "Choose the user whose privileges client-credentials tokens carry",
      });
    }
  });
export type NewOAuthClientInput = z.input<typeof newOAuthClientSchema>;
export type NewOAuthClient = z.output<typeof newOAuthClientSchema>;
