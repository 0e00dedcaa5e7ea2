// What every credential kind declares about itself. A kind is one module under kinds/: its
// code (the kw_<code>_ prefix), its names, and its rules. Adding a kind adds a module and
// one line in kinds/index.ts; the issuing, hashing, hint and listing code is shared.
import type { Transport } from "../verifier/extract";

export interface CredentialKind {
  /** Short lower-case code: the secret's prefix is kw_<code>_. Never reused. */
  code: string;
  /** What the screens call it. */
  label: string;
  /** Whether it has an owner whose privileges it carries (the account API key has none). */
  ownedByUser: boolean;
  /** How an API request may present it (lib/verifier/extract.ts); empty: never on its own. */
  transports: readonly Transport[];
  /** TrackVia: an auth token is valid only together with its account's API key (user_key). */
  requiresAccountKey?: boolean;
  /** Only users flagged as API users may own it (TrackVia auth tokens). */
  ownerMustBeApiUser?: boolean;
  /** Not an API credential at all (an OAuth client secret or authorization code): introspection never calls one active. */
  notForApi?: boolean;
}
