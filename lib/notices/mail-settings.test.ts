// The mail settings as an operator meets them: KEYWARD_SMTP_URL and KEYWARD_MAIL_FROM are
// checked at start-up with a message naming the variable, and the SMTP password never
// appears in what Keyward logs or stores about a failed send.
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { createSqliteFile } from "@/test/databases";
import { createMailer, redactedSmtpUrl } from "./mailer";

const local = () => ({ NODE_ENV: "test" as const, DATABASE_URL: `file:${createSqliteFile()}` });

describe("mail settings", () => {
  it("sends no mail unless KEYWARD_SMTP_URL is set, sweeps every 5 minutes and signs as keyward@ the public host", () => {
    expect(parseEnv(local()).mail).toEqual({
      smtpUrl: undefined,
      from: "Keyward <keyward@localhost>",
      noticeIntervalSeconds: 300,
    });
    const configured = parseEnv({
      ...local(),
      KEYWARD_URL: "https://keyward.example.com",
      KEYWARD_SMTP_URL: "smtps://mailer:s3cret@mail.example.com:465",
      KEYWARD_NOTICE_INTERVAL_SECONDS: "60",
    });
    expect(configured.mail).toEqual({
      smtpUrl: "smtps://mailer:s3cret@mail.example.com:465",
      from: "Keyward <keyward@keyward.example.com>",
      noticeIntervalSeconds: 60,
    });
    expect(parseEnv({ ...local(), KEYWARD_MAIL_FROM: "Ops <ops@example.com>" }).mail.from).toBe(
      "Ops <ops@example.com>",
    );
    expect(parseEnv({ ...local(), KEYWARD_MAIL_FROM: "ops@example.com" }).mail.from).toBe("ops@example.com");
  });

  it("refuses an SMTP URL of another scheme, a From that is no address, and an interval out of range", () => {
    expect(() => parseEnv({ ...local(), KEYWARD_SMTP_URL: "https://mail.example.com" })).toThrow(
      /KEYWARD_SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(() => parseEnv({ ...local(), KEYWARD_SMTP_URL: "not a url" })).toThrow(/KEYWARD_SMTP_URL/);
    expect(() => parseEnv({ ...local(), KEYWARD_MAIL_FROM: "Keyward" })).toThrow(
      /KEYWARD_MAIL_FROM: must be an address/,
    );
    expect(() => parseEnv({ ...local(), KEYWARD_MAIL_FROM: "a@b.c\r\nBcc: x@y.z" })).toThrow(/KEYWARD_MAIL_FROM/);
    expect(() => parseEnv({ ...local(), KEYWARD_NOTICE_INTERVAL_SECONDS: "0" })).toThrow(
      /KEYWARD_NOTICE_INTERVAL_SECONDS: must be a whole number of seconds from 1 to 86400/,
    );
  });

  it("never shows the SMTP password: not in the logged address, not in a failed send's error", async () => {
    expect(redactedSmtpUrl("smtp://mailer:p%40ss-w0rd@mail.example.com:587")).toBe("smtp://mail.example.com:587");
    // Nothing listens on port 9 of loopback: the send fails, and its error is what would be stored.
    const mailer = createMailer("smtp://mailer:p%40ss-w0rd@127.0.0.1:9", "keyward@example.test");
    try {
      const failure = await mailer
        .send("someone@example.test", { subject: "s", text: "t", messageId: "<m@keyward>" })
        .then(
          () => null,
          (error: Error) => error.message,
        );
      expect(failure).toBeTruthy();
      expect(failure).not.toContain("p@ss-w0rd");
      expect(failure).not.toContain("p%40ss-w0rd");
    } finally {
      mailer.close();
    }
  });
});
