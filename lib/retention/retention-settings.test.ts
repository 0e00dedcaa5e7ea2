import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { createSqliteFile } from "@/test/databases";

const base = { KEYWARD_SECRET: "x".repeat(40), NODE_ENV: "test" } as const;

describe("retention and issuance-limit settings", () => {
  it("default to 90 days, hourly runs, 10 exchanges per hour, 50 active credentials, 120 OAuth tokens per minute, 100 refused verifications per address per minute", () => {
    const parsed = parseEnv({ ...base, DATABASE_URL: `file:${createSqliteFile()}` });
    expect(parsed.retentionDays).toBe(90);
    expect(parsed.purgeIntervalMinutes).toBe(60);
    expect(parsed.limits).toEqual({
      tokenExchangesPerHour: 10,
      activeApiCredentials: 50,
      oauthTokensPerMinute: 120,
      refusedVerificationsPerMinute: 100,
    });
  });

  it("read whole numbers and refuse anything else, naming the variable", () => {
    const DATABASE_URL = `file:${createSqliteFile()}`;
    const parsed = parseEnv({
      ...base,
      DATABASE_URL,
      KEYWARD_RETENTION_DAYS: "30",
      KEYWARD_PURGE_INTERVAL_MINUTES: "5",
      KEYWARD_LIMIT_TOKEN_EXCHANGES_PER_HOUR: "1000",
      KEYWARD_LIMIT_ACTIVE_API_CREDENTIALS: "3",
      KEYWARD_LIMIT_OAUTH_TOKENS_PER_MINUTE: "600",
    });
    expect(parsed).toMatchObject({
      retentionDays: 30,
      purgeIntervalMinutes: 5,
      limits: { tokenExchangesPerHour: 1000, activeApiCredentials: 3, oauthTokensPerMinute: 600 },
    });
    for (const bad of ["0", "-1", "1.5", "ninety"]) {
      expect(() => parseEnv({ ...base, DATABASE_URL, KEYWARD_RETENTION_DAYS: bad })).toThrow(
        /KEYWARD_RETENTION_DAYS: must be a whole number of days from 1 to 3650/,
      );
      expect(() => parseEnv({ ...base, DATABASE_URL, KEYWARD_LIMIT_TOKEN_EXCHANGES_PER_HOUR: bad })).toThrow(
        /KEYWARD_LIMIT_TOKEN_EXCHANGES_PER_HOUR: must be a whole number/,
      );
    }
    expect(() => parseEnv({ ...base, DATABASE_URL, KEYWARD_PURGE_INTERVAL_MINUTES: "1441" })).toThrow(
      /KEYWARD_PURGE_INTERVAL_MINUTES/,
    );
  });
});
