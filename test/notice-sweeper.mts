// A second Keyward "instance" for tests: its own process, Prisma client and mailer, sweeping
// the same database for expiry notices. A second process, not a second client in the test's
// process: two better-sqlite3 connections in one process would wait for each other's lock on
// one event loop, which no two real instances do.
// Protocol (stdin/stdout, one line each): the parent writes an ISO instant; this process runs
// two sweeps at that instant at once and answers "done <sent>", or "error <message>".
// Started by lib/notices/sweep.test.ts with NOTICE_DATABASE (JSON: kind, url, sqlitePath),
// NOTICE_SMTP_URL and NOTICE_PUBLIC_URL.
import { createInterface } from "node:readline";
import { createDb } from "../lib/db/client";
import { createMailer } from "../lib/notices/mailer";
import { runNoticeSweep } from "../lib/notices/sweep";

const target = JSON.parse(process.env.NOTICE_DATABASE ?? "{}") as Parameters<typeof createDb>[0];
const db = await createDb(target);
const mailer = createMailer(process.env.NOTICE_SMTP_URL ?? "", "Keyward <keyward@example.test>");
const publicUrl = process.env.NOTICE_PUBLIC_URL;

process.stdout.write("ready\n");
for await (const line of createInterface({ input: process.stdin })) {
  const now = new Date(line.trim());
  try {
    const outcomes = await Promise.all([
      runNoticeSweep(db, { mailer, publicUrl, now }),
      runNoticeSweep(db, { mailer, publicUrl, now }),
    ]);
    process.stdout.write(`done ${outcomes.reduce((sum, outcome) => sum + outcome.sent, 0)}\n`);
  } catch (error) {
    process.stdout.write(`error ${(error as Error).message.replace(/\s+/g, " ")}\n`);
  }
}
mailer.close();
await db.$disconnect();
