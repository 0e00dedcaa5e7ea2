// Where the screen of an audit event's target is: the dashboard's "latest events" link there.
// By the target's type alone (the kind's code for a credential), so it needs no look-up.

const SCREENS: Readonly<Record<string, string>> = {
  user: "/users",
  settings: "/settings",
  oauth_client: "/oauth-apps",
  advertiser: "/advertisers",
  publisher: "/publishers",
  at: "/account/api-access",
  ak: "/account/api-access",
  key: "/api-keys",
};

/** The screen showing this target; a credential kind without its own screen: the Credentials list of that kind. */
export function targetScreen(targetType: string | null, action: string): string {
  if (targetType === null) return `/audit?action=${encodeURIComponent(action)}`;
  return SCREENS[targetType] ?? `/credentials?kind=${encodeURIComponent(targetType)}`;
}
