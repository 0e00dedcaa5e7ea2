// Which allowlist applies to a credential, and what it says about a request's address. The
// credential's own list wins; an OAuth access token without one follows its app's list; any
// other credential without one follows the account's default. No list anywhere: any address.
import { matcherFor, type AllowlistMatcher } from "./matcher";

export interface StoredAllowlist {
  /** The canonical ranges, one per line; null: no list at this level. */
  ipAllowlist: string | null;
  ipAllowlistReportOnly: boolean;
}

export type AllowlistSource = "credential" | "oauth_app" | "account";

export interface EffectiveAllowlist {
  source: AllowlistSource;
  matcher: AllowlistMatcher;
  /** Refusals are recorded (Principal.reportOnly), not enforced. */
  reportOnly: boolean;
}

export function effectiveAllowlist(levels: {
  credential: StoredAllowlist;
  oauthApp: StoredAllowlist | null;
  account: StoredAllowlist;
}): EffectiveAllowlist | null {
  const order: [AllowlistSource, StoredAllowlist | null][] = [
    ["credential", levels.credential],
    ["oauth_app", levels.oauthApp],
    ["account", levels.account],
  ];
  for (const [source, level] of order) {
    if (level?.ipAllowlist)
      return { source, matcher: matcherFor(level.ipAllowlist), reportOnly: level.ipAllowlistReportOnly };
  }
  return null;
}

/** "allowed": no list or inside it; "refused": outside an enforced list; "report_only": outside a report-only one. */
export type AddressVerdict = "allowed" | "refused" | "report_only";

export function judgeAddress(allowlist: EffectiveAllowlist | null, address: string | null): AddressVerdict {
  if (!allowlist || allowlist.matcher.allows(address)) return "allowed";
  return allowlist.reportOnly ? "report_only" : "refused";
}
