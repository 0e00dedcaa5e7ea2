// The leak report endpoint's part of the OpenAPI document (lib/api/openapi.ts): GitHub's secret
// scanning partner format in, the partner API's per-token answer out (lib/credentials/leaked).
import { LEAK_REPORTS_PER_MINUTE } from "../credentials/leaked/report-rate-limit";
import { LEAK_REPORT_BODY_LIMIT_BYTES, MAX_TOKENS_PER_REPORT } from "../credentials/leaked/report-schema";
import { errorAnswer } from "./openapi-answers";

const CURL = `curl -X POST -H "Content-Type: application/json" -d '[{"token": "<kw_ secret found>", "type": "keyward_secret", "url": "https://github.com/org/repo/blob/0123abc/config.js", "source": "content"}]' 'https://keyward.example.com/api/credentials/leaked'`;

export const leakedSchemas = {
  LeakReport: {
    type: "array",
    minItems: 1,
    maxItems: MAX_TOKENS_PER_REPORT,
    description: "GitHub's secret scanning partner format: one entry per secret found.",
    items: {
      type: "object",
      required: ["token"],
      properties: {
        token: { type: "string", maxLength: 1024, description: "The secret as found" },
        type: { type: "string", maxLength: 200, description: "The reporter's name for the pattern that matched" },
        url: { type: "string", maxLength: 2048, description: "Where it was found" },
        source: { type: "string", maxLength: 100, description: "What kind of place: content, commit, gist, npm, ..." },
      },
    },
  },
  LeakFeedback: {
    type: "array",
    description: "One entry per reported token, in the order sent (the partner API's feedback).",
    items: {
      type: "object",
      required: ["token_hash", "token_type", "label"],
      properties: {
        token_hash: { type: "string", description: "SHA-256 of the token, hex: the token itself is never echoed" },
        token_type: { type: "string", description: "The type it was reported as" },
        label: {
          type: "string",
          enum: ["true_positive", "false_positive"],
          description:
            "true_positive: a secret Keyward issued (now revoked, deactivated or already unusable; the account API key is kept and its super admins told); false_positive: malformed, a wrong checksum (no look-up made), an authorization code, or no such credential",
        },
      },
    },
  },
};

export const leakedPaths = {
  "/api/credentials/leaked": {
    post: {
      tags: ["Service"],
      operationId: "reportLeakedCredentials",
      summary: "Report leaked secrets (GitHub secret scanning partner format); each real one is made unusable at once",
      description: `Public: no credential, because whoever holds a leaked secret could revoke it anyway, and this endpoint only ever takes credentials away. At most ${LEAK_REPORTS_PER_MINUTE} reports a minute per client address. Each token's form and checksum are checked before any look-up; a real one is revoked (an auth token deactivated), audited as credential.leaked with the reporter's address, source and url, its owner mailed and the credential.leaked webhook event sent. GitHub's Github-Public-Key-Signature header is not verified (see the README).`,
      security: [],
      requestBody: {
        required: true,
        content: { "application/json": { schema: { $ref: "#/components/schemas/LeakReport" } } },
      },
      responses: {
        "200": {
          description: "The label of every token",
          content: { "application/json": { schema: { $ref: "#/components/schemas/LeakFeedback" } } },
        },
        "400": errorAnswer(
          `invalid_request: not JSON, or not an array of 1 to ${MAX_TOKENS_PER_REPORT} {token, type, url, source}`,
        ),
        "413": errorAnswer(`invalid_request: the body is over ${LEAK_REPORT_BODY_LIMIT_BYTES / 1024} KiB`),
        "415": errorAnswer("invalid_request: the body is not Content-Type application/json"),
        "429": errorAnswer("rate_limited: too many reports from this address, with Retry-After"),
      },
      "x-codeSamples": [{ lang: "Shell", label: "curl", source: CURL }],
    },
  },
};
