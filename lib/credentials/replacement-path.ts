// Where a credential's "Create replacement" lives: the list screen of its kind, with the
// replacement dialog opened for it. Mail notices (which need an absolute link) and the screens
// both build it here, so the link in an email and the button on a row open the same thing.
// Only the credential's id travels in the URL, never a secret.

/** The screen of each kind that offers Create replacement. */
const REPLACEMENT_SCREENS: Readonly<Record<string, string>> = {
  pat: "/integrations/invoca-apis",
  at: "/account/api-access",
  key: "/api-keys",
};

/** The in-app path that opens Create replacement for the credential; null: its kind has none. */
export function replacementPath(kind: string, credentialId: string): string | null {
  const screen = REPLACEMENT_SCREENS[kind];
  return screen ? `${screen}?replace=${encodeURIComponent(credentialId)}` : null;
}
