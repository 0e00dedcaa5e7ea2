import type { CredentialKind } from "../kind";

/** RFC 8628 3.2: the device code and user code are good for ten minutes. */
export const DEVICE_CODE_LIFETIME_SECONDS = 600;

/**
 * A device code (RFC 8628 3.2): the secret a command-line tool polls the token endpoint with
 * while its user answers on /device. Stored in DeviceAuthorization rather than Credential (only
 * its keyed hash; one use, then spent), like the authorization code. Registered here so its
 * prefix is reserved and the verifier names it when someone sends one to the API.
 */
export const oauthDeviceCode = {
  code: "dc",
  label: "OAuth device code",
  ownedByUser: true,
  transports: [],
  lifetime: { type: "fixed", seconds: DEVICE_CODE_LIFETIME_SECONDS },
  // Made by the device authorization endpoint; used once by the token endpoint, never changed.
  policy: { create: { owner: [] } },
  notStored: true,
  notForApi: true,
} as const satisfies CredentialKind;
