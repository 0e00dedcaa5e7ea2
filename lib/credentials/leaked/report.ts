// One leak report, token by token: each is checked and handled on its own (its own transaction),
// so a bad entry never spoils the others, and the answer lists every token in the order sent.
import type { RequestContext } from "../../audit";
import type { Db } from "../../db";
import type { LeakedToken, LeakFeedback } from "./report-schema";
import { handleLeakedToken, type LeakNotice } from "./revoke-leaked";

export interface LeakReportResult {
  feedback: LeakFeedback[];
  notices: LeakNotice[];
}

export async function receiveLeakReport(
  db: Db,
  report: LeakedToken[],
  context: RequestContext,
  now: Date = new Date(),
): Promise<LeakReportResult> {
  const result: LeakReportResult = { feedback: [], notices: [] };
  // One at a time: a report holds at most MAX_TOKENS_PER_REPORT, and SQLite writes one at a time anyway.
  for (const item of report) {
    const outcome = await handleLeakedToken(db, item, context, now);
    result.feedback.push(outcome.feedback);
    if (outcome.notice) result.notices.push(outcome.notice);
  }
  return result;
}
