// POST /api/credentials/leaked: leak reports in GitHub's secret scanning partner format.
// Public (a scanner holds no Keyward credential) and rate-limited per client address; the body is
// bounded and checked with zod; each token's form and checksum are checked before any look-up
// (lib/credentials/leaked). The answer is the partner API's: a JSON array with one
// {token_hash, token_type, label} per token, in the order sent. The body is never logged.
import { requestContextFrom } from "../auth/request-context";
import { receiveLeakReport } from "../credentials/leaked/report";
import { takeLeakReportSlot } from "../credentials/leaked/report-rate-limit";
import {
  LEAK_REPORT_BODY_LIMIT_BYTES,
  leakReportSchema,
  MAX_TOKENS_PER_REPORT,
} from "../credentials/leaked/report-schema";
import { mailLeakNotices } from "../notices/leak-mail";
import { db } from "../db";
import { env } from "../env";
import { badRequest, ProtocolError } from "../http/protocol-error";
import { jsonResponse } from "../http/respond";
import { createMailer, type Mailer } from "../notices/mailer";
import { endpoint } from "./endpoint";
import { readJsonTextOrRefuse } from "./request-body";

const EXPECTED = '[{"token": "kw_...", "type": "...", "url": "...", "source": "..."}]';

let mailer: Mailer | null | undefined;
function leakMailer(): Mailer | null {
  if (mailer === undefined) {
    const { mail } = env();
    mailer = mail.smtpUrl ? createMailer(mail.smtpUrl, mail.from) : null;
  }
  return mailer;
}

export const leakedCredentialsEndpoint = endpoint({ auth: "none", body: "none" }, async ({ request }) => {
  const context = requestContextFrom(request.headers);
  // Counted before the body is even read: a flood costs the least possible.
  const retryAfter = await takeLeakReportSlot(context.ip);
  if (retryAfter !== null)
    throw new ProtocolError(429, "rate_limited", "Too many leak reports from this address; try again later", {
      retryAfterSeconds: retryAfter,
    });
  const text = await readJsonTextOrRefuse(request, LEAK_REPORT_BODY_LIMIT_BYTES, EXPECTED);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw badRequest("The body is not valid JSON");
  }
  const report = leakReportSchema.safeParse(raw);
  if (!report.success) throw badRequest(`Send a JSON array of 1 to ${MAX_TOKENS_PER_REPORT} reports: ${EXPECTED}`);
  const result = await receiveLeakReport(await db(), report.data, context);
  const mail = leakMailer();
  // Not awaited: the reporter's answer does not wait on an SMTP server (GitHub retries slow
  // answers, and a retried report finds the credential already unusable and mails no one).
  // mailLeakNotices never rejects; a failed send is logged without secrets.
  if (mail && result.notices.length > 0) void mailLeakNotices(mail, result.notices, env().publicUrl);
  return jsonResponse(result.feedback);
});
