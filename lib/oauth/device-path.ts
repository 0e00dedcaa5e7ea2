// The device page's path with a user code (verification_uri_complete's shape), for a sign-in
// callbackUrl: a user sent through sign-in comes back with the code they typed or were given.

/** The verification_uri's path (RFC 8628 3.2). */
export const DEVICE_PATH = "/device";

export function devicePathFor(userCode: string | null | undefined): string {
  const code = (userCode ?? "").trim().slice(0, 40);
  return code ? `${DEVICE_PATH}?user_code=${encodeURIComponent(code)}` : DEVICE_PATH;
}
