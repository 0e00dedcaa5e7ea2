// The Standard Webhooks headers of one delivery, signed with the standardwebhooks package so
// any receiver's Standard Webhooks library verifies them.
import { Webhook } from "standardwebhooks";

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/**
 * Signs with every given secret (the current one first). During a rotation's overlap that is the
 * new and the old secret: the spec allows several space-separated signatures, and a receiver
 * still holding the old secret keeps verifying until it switches.
 */
export function signedHeaders(messageId: string, at: Date, body: string, secrets: string[]): SignedHeaders {
  if (secrets.length === 0) throw new Error("signedHeaders: no secret");
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(" "),
  };
}
