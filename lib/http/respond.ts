// The one way an answer of Keyward's HTTP API is written: JSON, never stored by a cache (RFC
// 6749 5.1 and RFC 6750 §5.3: answers that carry or judge a secret), and every refusal in the
// one shape {"error", "error_description"} with the headers its ProtocolError asks for.
import type { ProtocolError } from "./protocol-error";

export const NO_STORE_HEADERS = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...NO_STORE_HEADERS, ...headers },
  });
}

export function errorResponse(error: ProtocolError): Response {
  const headers: Record<string, string> = { ...error.headers };
  if (error.challenge !== undefined) headers["WWW-Authenticate"] = error.challenge;
  if (error.retryAfterSeconds !== undefined) headers["Retry-After"] = String(error.retryAfterSeconds);
  return jsonResponse(
    { error: error.code ?? "unauthorized", error_description: error.description },
    error.status,
    headers,
  );
}
