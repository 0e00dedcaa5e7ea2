// The two requests a command-line tool makes in the device flow (RFC 8628), for the API Docs
// page: start with its client ID, then poll the token endpoint with the device code.
import type { CurlExample } from "./curl-examples";

export function deviceFlowCurlExamples(origin: string): CurlExample[] {
  return [
    {
      title: "1. Start: device code and user code",
      note: "A public app sends its client ID alone (a confidential one adds -u '<client id>:<kw_cs_ client secret>'). Show the user verification_uri and user_code, or verification_uri_complete.",
      command: `curl -d 'client_id=<client id>&scope=users:read' '${origin}/oauth2/device_authorization'`,
    },
    {
      title: "2. Poll for the token",
      note: "Every `interval` seconds (5) until the user answers on /device: authorization_pending means keep waiting, slow_down means wait 5 seconds longer from now on, access_denied and expired_token end it.",
      command: `curl -d 'grant_type=urn:ietf:params:oauth:grant-type:device_code&client_id=<client id>&device_code=<kw_dc_ device code>' '${origin}/oauth2/token'`,
    },
  ];
}
