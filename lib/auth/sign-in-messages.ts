// What the sign-in form says for each refusal code that next-auth hands back
// (lib/auth/options.ts encodes them as "reason" or "reason:minutes"). Safe for the browser.
import { SIGN_IN_PASSWORD_TOO_LONG_MESSAGE } from "../validations/password-limit";

const MESSAGES: Record<string, string> = {
  invalid: "Incorrect email or password.",
  password_too_long: `${SIGN_IN_PASSWORD_TOO_LONG_MESSAGE}.`,
  api_user: "This is an API user. API users cannot sign in to the web app; use its auth tokens with the API instead.",
  disabled: "This account is disabled. Ask a super admin to enable it.",
  unverified: "This account is not verified yet. Ask a super admin to activate it.",
};

export function signInRefusalMessage(code: string): string {
  const [reason, minutes] = code.split(":");
  if (reason === "throttled") {
    const n = Number(minutes);
    return `Too many failed sign-in attempts. Try again in ${Number.isFinite(n) && n > 0 ? n : 15} minute${n === 1 ? "" : "s"}.`;
  }
  return MESSAGES[reason ?? ""] ?? MESSAGES.invalid!;
}
