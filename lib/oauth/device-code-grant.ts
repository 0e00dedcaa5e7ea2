// POST /oauth2/token with grant_type=urn:ietf:params:oauth:grant-type:device_code (RFC 8628
// 3.4, 3.5): the command-line tool polls with its device code until its user answers on
// /device. One access token per allowed request, handed out once.
import type { Scope } from "../access/privileges";
import { parseSecret } from "../credentials/format";
import { digestsEqual, hashSecret } from "../credentials/hash";
import { oauthDeviceCode } from "../credentials/kinds/oauth-device-code";
import { hasExpired } from "../credentials/lifecycle";
import { splitScopes } from "../credentials/scope-list";
import { oauthError, type ProtocolError } from "../http/protocol-error";
import { DEVICE_CODE_GRANT } from "../validations/oauth-client-values";
import type { DeviceStatus } from "./device-authorization";
import {
  assertGrantRegistered,
  issueAccessToken,
  requiredParameter,
  type GrantHandler,
  type TokenResponse,
} from "./grants";
import { grantedScopes } from "./scope";

/** RFC 8628 3.5: each slow_down adds 5 seconds to the interval the client must keep. */
export const SLOW_DOWN_STEP_SECONDS = 5;

// A pending poll writes (when it was polled, a raised interval) and then refuses: the refusal
// is returned out of the transaction and thrown after it commits, so the write stays.
type PollOutcome = { token: TokenResponse } | { refusal: ProtocolError };

export const deviceCodeGrant: GrantHandler = async (db, client, form, context, now = new Date()) => {
  assertGrantRegistered(client, DEVICE_CODE_GRANT);
  const deviceCode = requiredParameter(form, "device_code");
  const parsed = parseSecret(deviceCode);
  if (!parsed.ok || parsed.code !== oauthDeviceCode.code)
    throw oauthError("invalid_grant", "The device code is malformed");
  const deviceCodeHash = hashSecret(deviceCode);

  const outcome = await db.$transaction(async (tx): Promise<PollOutcome> => {
    const row = await tx.deviceAuthorization.findUnique({
      where: { deviceCodeHash },
      select: {
        id: true,
        deviceCodeHash: true,
        clientId: true,
        scopes: true,
        status: true,
        expiresAt: true,
        lastPolledAt: true,
        interval: true,
        user: { select: { id: true, email: true, role: true, status: true, isApiUser: true, accountId: true } },
      },
    });
    if (!row || !digestsEqual(row.deviceCodeHash, deviceCodeHash) || row.clientId !== client.id)
      throw oauthError("invalid_grant", "The device code is not known, or was issued to another app");
    const status = row.status as DeviceStatus;
    if (status === "used") throw oauthError("invalid_grant", "The device code has already been used");
    if (hasExpired(row.expiresAt.getTime(), now.getTime()))
      throw oauthError("expired_token", "The device code has expired; start the device authorization again");
    if (status === "denied") throw oauthError("access_denied", "The user denied the request");

    if (status === "pending") {
      const tooSoon = row.lastPolledAt !== null && now.getTime() - row.lastPolledAt.getTime() < row.interval * 1000;
      // Conditional on the poll time read: of two polls racing, the one that loses is too soon.
      const polled = await tx.deviceAuthorization.updateMany({
        where: { id: row.id, status: "pending", lastPolledAt: row.lastPolledAt },
        data: { lastPolledAt: now, ...(tooSoon ? { interval: { increment: SLOW_DOWN_STEP_SECONDS } } : {}) },
      });
      if (tooSoon || polled.count === 0)
        return {
          refusal: oauthError(
            "slow_down",
            `Polled sooner than the interval allows; wait ${row.interval + SLOW_DOWN_STEP_SECONDS} seconds between requests`,
          ),
        };
      return { refusal: oauthError("authorization_pending", "The user has not answered yet") };
    }

    const user = row.user;
    if (!user || user.status !== "active" || user.isApiUser || user.accountId !== client.accountId)
      throw oauthError("invalid_grant", "The user who allowed this app can no longer grant it access");
    // Conditional on "allowed, not yet used": of two polls racing, one gets the token.
    const used = await tx.deviceAuthorization.updateMany({
      where: { id: row.id, status: "allowed" satisfies DeviceStatus },
      data: { status: "used" satisfies DeviceStatus, lastPolledAt: now },
    });
    if (used.count === 0) throw oauthError("invalid_grant", "The device code has already been used");
    const scopes = grantedScopes(splitScopes(row.scopes) as Scope[], user.role);
    const issued = await issueAccessToken(tx, client, user, scopes, DEVICE_CODE_GRANT, context, now);
    return { token: issued.response };
  });
  if ("refusal" in outcome) throw outcome.refusal;
  return outcome.token;
};
