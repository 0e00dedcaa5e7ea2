// Password expiry (KEYWARD_PASSWORD_MAX_AGE_DAYS). The one rule: a web user's password
// expires when it is older than the maximum age. API users are exempt (TrackVia: "API Users
// are exempt from password expiry policies"): they never sign in to the web app, and their
// auth tokens must not stop working because a password they never type has aged.
const DAY_MS = 24 * 60 * 60 * 1000;

/** Where a signed-in user with an expired password chooses a new one. */
export const CHANGE_PASSWORD_PATH = "/account/password";

export interface PasswordAge {
  isApiUser: boolean;
  passwordChangedAt: Date;
}

/** True when `user` must choose a new password before using the web app. 0 days: never. */
export function isPasswordExpired(user: PasswordAge, now: Date, maxAgeDays: number): boolean {
  if (maxAgeDays <= 0 || user.isApiUser) return false;
  return now.getTime() - user.passwordChangedAt.getTime() > maxAgeDays * DAY_MS;
}
