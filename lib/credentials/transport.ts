// The ways an API request may carry a credential. A kind declares which of them it accepts
// (kind.ts); lib/verifier/extract.ts finds which one a request used.
export type Transport =
  | "authorization" // Invoca: "Authorization: <token>"
  | "bearer" // Authorization: Bearer <token>
  | "token" // Deskpro: Authorization: token <token>
  | "key" // Deskpro: Authorization: key <key>
  | "x-api-key" // generic guide: X-API-Key: <key>
  | "query" // Invoca ?oauth_token= / TrackVia ?access_token= (GET only)
  | "body"; // Invoca: {"oauth_token": "<token>", ...} in a JSON POST body
