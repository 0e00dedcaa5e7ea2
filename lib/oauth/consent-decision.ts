// Whether GET /oauth2/authorize must ask the signed-in user, given what they already allowed
// this app (lib/oauth/remembered-consent.ts) and the request's `prompt` (OpenID Connect Core
// 3.1.2.1). Pure, so the rule lives in one place and is tested without a browser: the page
// only asks it and acts on the answer.
import type { OAuthScope } from "../access/privileges";
import { roleAllows } from "./scope";

/**
 * The prompt values Keyward honours. login and select_account are refused (invalid_request):
 * Keyward cannot sign a signed-in user in again on this page (they sign out and in), and a
 * browser session holds one account, so accepting them would promise what is not done.
 */
export const PROMPTS = ["none", "consent"] as const;
export type Prompt = (typeof PROMPTS)[number];

export type PromptCheck = { ok: true; values: Prompt[] } | { ok: false; description: string };

/** The prompt parameter: space-delimited values; "none" must stand alone (OIDC Core 3.1.2.1). */
export function parsePrompt(raw: string | null): PromptCheck {
  if (raw === null || raw.trim() === "") return { ok: true, values: [] };
  const values = [...new Set(raw.trim().split(/ +/))];
  for (const value of values) {
    if (!(PROMPTS as readonly string[]).includes(value))
      return {
        ok: false,
        description: `Unsupported prompt value ${value.slice(0, 40)}; supported: ${PROMPTS.join(", ")}`,
      };
  }
  if (values.includes("none") && values.length > 1)
    return { ok: false, description: "prompt=none cannot be combined with other values" };
  return { ok: true, values: values as Prompt[] };
}

export type ConsentDecision =
  /** Every grantable scope was allowed before, and the app did not insist on asking: issue the code now. */
  | { kind: "remembered"; scopes: OAuthScope[] }
  /**
   * Show the consent page. `newScopes`: what is asked for the first time (all of it when
   * nothing was allowed before, or when prompt=consent asks again for what was);
   * `alreadyAllowed`: what the user allowed this app before, shown as such.
   */
  | { kind: "ask"; newScopes: OAuthScope[]; alreadyAllowed: OAuthScope[] }
  /** prompt=none, but the page would have to be shown (OIDC Core 3.1.2.6). */
  | { kind: "refuse"; error: "consent_required"; description: string };

export function decideConsent(input: {
  requested: readonly OAuthScope[];
  role: string;
  /** What this user already allowed this app (the OAuthGrant's scopes). */
  allowed: readonly string[];
  prompt: readonly Prompt[];
}): ConsentDecision {
  // Only what the role lets the token carry counts: a scope the role refuses is never granted,
  // so it is neither "new" nor a reason to ask again.
  const grantable = input.requested.filter((scope) => roleAllows(scope, input.role));
  const alreadyAllowed = grantable.filter((scope) => input.allowed.includes(scope));
  const fresh = grantable.filter((scope) => !input.allowed.includes(scope));
  // Nothing grantable: the page explains that there is nothing to allow; never a silent code.
  const mustAsk = grantable.length === 0 || fresh.length > 0 || input.prompt.includes("consent");
  if (!mustAsk) return { kind: "remembered", scopes: grantable };
  if (input.prompt.includes("none"))
    return {
      kind: "refuse",
      error: "consent_required",
      description: "The user has not allowed every requested scope to this app; ask without prompt=none",
    };
  // prompt=consent with nothing new: the whole request is asked again.
  return fresh.length > 0
    ? { kind: "ask", newScopes: fresh, alreadyAllowed }
    : { kind: "ask", newScopes: grantable, alreadyAllowed: [] };
}
