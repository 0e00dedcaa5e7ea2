// The "Register OAuth App" form, as the form, its server action and lib/oauth/clients.ts see it.
import { z } from "zod";
import { singleLineText } from "./text";
import { SCOPES } from "../api/privileges";
import { MAX_REDIRECT_URIS, redirectUriProblem } from "../oauth/redirect-uri";
import { requestIdSchema } from "./credential";

export const GRANT_TYPES = ["authorization_code", "client_credentials"] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

export const GRANT_TYPE_LABELS: Record<GrantType, string> = {
  authorization_code: "Authorization code (with PKCE)",
  client_credentials: "Client credentials",
};

/** One URI per line in the form; blank lines and repeats are dropped. */
const redirectUrisSchema = z
  .string()
  .max(25_000, "Too many redirect URIs")
  .default("")
  .transform((text, ctx) => {
    const uris = [...new Set(text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))];
    if (uris.length > MAX_REDIRECT_URIS) ctx.addIssue({ code: "custom", message: `Register at most ${MAX_REDIRECT_URIS} redirect URIs` });
    for (const uri of uris) {
      const problem = redirectUriProblem(uri);
      if (problem) ctx.addIssue({ code: "custom", message: `${uri.length > 80 ? `${uri.slice(0, 80)}…` : uri}: ${problem}` });
    }
    return uris;
  });

export const newOAuthClientSchema = z
  .object({
    name: singleLineText({ required: "Enter a name", tooLong: "Use at most 100 characters" }, 100),
    redirectUris: redirectUrisSchema,
    grantTypes: z.array(z.enum(GRANT_TYPES, { error: "Choose a listed grant" })).min(1, "Choose at least one grant").transform((list) => [...new Set(list)]),
    scopes: z.array(z.enum(SCOPES, { error: "Choose listed scopes only" })).min(1, "Choose at least one scope").transform((list) => [...new Set(list)]),
    serviceUserId: z.string().trim().max(100).optional().transform((value) => value || undefined),
    canIntrospect: z.boolean().default(false),
    requestId: requestIdSchema,
  })
  .superRefine((data, ctx) => {
    if (data.grantTypes.includes("authorization_code") && data.redirectUris.length === 0) {
      ctx.addIssue({ code: "custom", path: ["redirectUris"], message: "The authorization code grant needs at least one redirect URI" });
    }
    if (data.grantTypes.includes("client_credentials") && !data.serviceUserId) {
      ctx.addIssue({ code: "custom", path: ["serviceUserId"], message: "Choose the user whose privileges client-credentials tokens carry" });
    }
  });
export type NewOAuthClientInput = z.input<typeof newOAuthClientSchema>;
export type NewOAuthClient = z.output<typeof newOAuthClientSchema>;
