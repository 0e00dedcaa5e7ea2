// What every credential kind declares about itself. A kind is one module under kinds/: its
// code (the kw_<code>_ prefix), its names, and its rules. Adding a kind adds a module and
// one line in kinds/index.ts; the issuing, hashing, hint and listing code is shared.
export interface CredentialKind {
  /** Short lower-case code: the secret's prefix is kw_<code>_. Never reused. */
  code: string;
  /** What the screens call it. */
  label: string;
  /** Whether it has an owner whose privileges it carries (the account API key has none). */
  ownedByUser: boolean;
}
