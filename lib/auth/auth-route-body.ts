// What next-auth's own route (app/api/auth/[...nextauth]) accepts as a POST body. Its client
// (signIn, signOut) always posts a form; next-auth would also read any body whose
// Content-Type merely contains "application/json" with request.json(), and a malformed one
// escapes as a 500. Anything but a form is refused here, before next-auth reads a byte.
import { ProtocolError } from "../http/protocol-error";
import { errorResponse } from "../http/respond";

const FORM = "application/x-www-form-urlencoded";

export function refuseNonFormAuthPost(request: Request): Response | null {
  if (request.method !== "POST") return null;
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType === FORM) return null;
  return errorResponse(new ProtocolError(415, "invalid_request", `Send the form as ${FORM}`));
}
