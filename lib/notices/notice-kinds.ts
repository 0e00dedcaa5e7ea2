// Which credentials get expiry notices, and who besides the owner is told. The kinds a person
// chose a date for and can replace from a screen (lib/credentials/replacement-path.ts):
// personal API credentials, auth tokens and API keys. Not the 30-day tokens of the token
// exchange (an integration asks for a new one itself), OAuth access tokens (minutes) or an
// OAuth app's old secret in its grace period (the rotation chose that end on purpose).
export const NOTICE_KINDS = ["pat", "at", "key"] as const;

/** Kinds super admins create and manage for others: the account's super admins are mailed too. */
export const ADMIN_MANAGED_KINDS: readonly string[] = ["key", "at"];
