// POST /oauth2/device_authorization (RFC 8628 3.1, 3.2): a command-line tool asks for access
// and gets a device code (its secret, to poll the token endpoint with) and a short user code
// for its user to type on /device. Both are stored only as keyed hashes.
import type { Scope } from "../access/privileges";
import { mintSecret } from "../credentials/format";
import { IssuanceLimitError, MINUTE_MS, issuanceLimits, reserveIssuance } from "../credentials/issuance-limits";
import { hashSecret } from "../credentials/hash";
import { DEVICE_CODE_LIFETIME_SECONDS, oauthDeviceCode } from "../credentials/kinds/oauth-device-code";
import type { Db, Tx } from "../db";
import { oauthError } from "../http/protocol-error";
import { DEVICE_CODE_GRANT } from "../validations/oauth-client-values";
import type { OAuthClientRecord } from "./clients";
import { assertGrantRegistered, singleParameter } from "./grants";
import { DEVICE_PATH } from "./device-path";
import { requestedScopes } from "./scope";
import { displayUserCode, generateUserCode } from "./user-code";

/** RFC 8628 3.2: 5 seconds when the server says nothing; said anyway, so the client need not know. */
export const DEVICE_POLL_INTERVAL_SECONDS = 5;

/** What a device authorization is while it waits and after (DeviceAuthorization.status). */
export type DeviceStatus = "pending" | "allowed" | "denied" | "used";

/** RFC 8628 3.2. */
export interface DeviceAuthorizationResponse {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/** The key a user code is found by: its keyed hash, so a database dump does not hold live codes. */
export function userCodeHash(canonicalCode: string): string {
  return hashSecret(`user-code:${canonicalCode}`);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * A public client's client_id is no secret, so anyone could start device authorizations in its
 * name: each start counts against the app's per-minute token limit (KEYWARD_LIMIT_OAUTH_TOKENS_PER_MINUTE,
 * its own key), so the table cannot be flooded. Inside the start's transaction: a refusal writes nothing.
 */
async function reserveStart(tx: Tx, client: OAuthClientRecord, now: Date): Promise<void> {
  const limit = issuanceLimits().oauthTokensPerMinute;
  await reserveIssuance(
    tx,
    {
      key: `dev:${client.id}`,
      limit,
      windowMs: MINUTE_MS,
      refusal: (wait) =>
        `This app started ${limit} device authorizations in the last minute, the most allowed; retry in ${wait} seconds`,
    },
    now,
  );
}

/** A new device authorization for `client`, within the scopes it asked for (its own when none). */
export async function startDeviceAuthorization(
  db: Db,
  client: OAuthClientRecord,
  form: URLSearchParams,
  issuer: string,
  now: Date = new Date(),
): Promise<DeviceAuthorizationResponse> {
  assertGrantRegistered(client, DEVICE_CODE_GRANT);
  // Identity scopes (OpenID Connect) come with an ID token from the code flow only: a device
  // authorization asks for API scopes.
  const scopes: Scope[] = requestedScopes(singleParameter(form, "scope"), client.scopes, {
    identity: false,
  }) as Scope[];
  const deviceCode = mintSecret(oauthDeviceCode.code);
  const expiresAt = new Date(now.getTime() + DEVICE_CODE_LIFETIME_SECONDS * 1000);
  // User codes are short, so two live ones could in principle collide (the hash is unique):
  // draw again then. Three draws failing in a row means something else is wrong.
  for (let attempt = 1; ; attempt++) {
    const userCode = generateUserCode();
    try {
      await db.$transaction(async (tx) => {
        await reserveStart(tx, client, now);
        await tx.deviceAuthorization.create({
          data: {
            clientId: client.id,
            deviceCodeHash: hashSecret(deviceCode),
            userCodeHash: userCodeHash(userCode),
            scopes: scopes.join(" "),
            status: "pending" satisfies DeviceStatus,
            expiresAt,
            interval: DEVICE_POLL_INTERVAL_SECONDS,
          },
          select: { id: true },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error) && attempt < 3) continue;
      if (error instanceof IssuanceLimitError)
        throw oauthError("temporarily_unavailable", error.message, {
          status: 429,
          retryAfterSeconds: error.retryAfterSeconds,
        });
      throw error;
    }
    const shown = displayUserCode(userCode);
    return {
      device_code: deviceCode,
      user_code: shown,
      verification_uri: `${issuer}${DEVICE_PATH}`,
      verification_uri_complete: `${issuer}${DEVICE_PATH}?user_code=${encodeURIComponent(shown)}`,
      expires_in: DEVICE_CODE_LIFETIME_SECONDS,
      interval: DEVICE_POLL_INTERVAL_SECONDS,
    };
  }
}
