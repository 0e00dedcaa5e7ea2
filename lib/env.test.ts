import { statSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSqliteFile } from "@/test/databases";
import { EnvError, parseEnv } from "./env";

const base = { NODE_ENV: "production" as const };

describe("environment", () => {
  it("runs a local SQLite install with nothing set, generating a private secret that survives restarts", () => {
    const path = createSqliteFile();
    const first = parseEnv({ ...base, DATABASE_URL: `file:${path}` });
    expect(first).toMatchObject({
      databaseKind: "sqlite",
      sqlitePath: path,
      port: 3000,
      production: false,
      secretSource: "generated file",
    });
    const secretFile = join(dirname(path), "keyward.secret");
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(secretFile, "utf8").trim()).toBe(first.secret);
    expect(parseEnv({ ...base, DATABASE_URL: `file:${path}` }).secret).toBe(first.secret);
  });

  it("refuses to start on PostgreSQL or in production without KEYWARD_SECRET, and says how to make one", () => {
    expect(() => parseEnv({ ...base, DATABASE_URL: "postgresql://u@localhost/db" })).toThrow(
      /KEYWARD_SECRET is not set[\s\S]*openssl rand/,
    );
    expect(() => parseEnv({ ...base, DATABASE_URL: `file:${createSqliteFile()}`, KEYWARD_ENV: "production" })).toThrow(
      EnvError,
    );
    const ok = parseEnv({
      ...base,
      DATABASE_URL: "postgres://u@localhost/db",
      KEYWARD_SECRET: "x".repeat(40),
      KEYWARD_URL: "https://keyward.example.com",
    });
    expect(ok).toMatchObject({ databaseKind: "postgresql", production: true, secretSource: "KEYWARD_SECRET" });
  });

  it("refuses to start in production without KEYWARD_URL, naming it; a local install does without", () => {
    const secret = "x".repeat(40);
    expect(() => parseEnv({ ...base, DATABASE_URL: "postgres://u@localhost/db", KEYWARD_SECRET: secret })).toThrow(
      /KEYWARD_URL is not set[\s\S]*KEYWARD_URL=https:\/\//,
    );
    expect(() =>
      parseEnv({
        ...base,
        DATABASE_URL: `file:${createSqliteFile()}`,
        KEYWARD_ENV: "production",
        KEYWARD_SECRET: secret,
      }),
    ).toThrow(/KEYWARD_URL is not set/);
    expect(
      parseEnv({
        ...base,
        DATABASE_URL: "postgres://u@localhost/db",
        KEYWARD_SECRET: secret,
        KEYWARD_URL: "https://keyward.example.com/",
      }).publicUrl,
    ).toBe("https://keyward.example.com");
    expect(parseEnv({ ...base, DATABASE_URL: `file:${createSqliteFile()}` }).publicUrl).toBeUndefined();
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ ...base, PORT: "99999" })).toThrow(/PORT/);
    expect(() => parseEnv({ ...base, KEYWARD_SECRET: "short" })).toThrow(/KEYWARD_SECRET: must be at least 32/);
    expect(() => parseEnv({ ...base, DATABASE_URL: "mysql://x@y/z", KEYWARD_SECRET: "x".repeat(40) })).toThrow(
      /DATABASE_URL/,
    );
    expect(() =>
      parseEnv({ ...base, KEYWARD_ADMIN_EMAIL: "a@b.test", DATABASE_URL: `file:${createSqliteFile()}` }),
    ).toThrow(/both KEYWARD_ADMIN_EMAIL and KEYWARD_ADMIN_PASSWORD/);
    expect(() => parseEnv({ ...base, KEYWARD_BCRYPT_COST: "4", DATABASE_URL: `file:${createSqliteFile()}` })).toThrow(
      /KEYWARD_BCRYPT_COST/,
    );
    // 30 characters, 90 bytes: bcrypt would keep the first 72 bytes and ignore the rest.
    expect(() =>
      parseEnv({
        ...base,
        KEYWARD_ADMIN_EMAIL: "a@b.test",
        KEYWARD_ADMIN_PASSWORD: "€".repeat(30),
        DATABASE_URL: `file:${createSqliteFile()}`,
      }),
    ).toThrow(/KEYWARD_ADMIN_PASSWORD: must be at most 72 bytes/);
    expect(() =>
      parseEnv({ ...base, KEYWARD_DEMO_PASSWORD: "x".repeat(73), DATABASE_URL: `file:${createSqliteFile()}` }),
    ).toThrow(/KEYWARD_DEMO_PASSWORD: must be at most 72 bytes/);
  });

  it("reads the password maximum age: 0 (no expiry) by default, whole days up to 3650", () => {
    const path = createSqliteFile();
    expect(parseEnv({ ...base, DATABASE_URL: `file:${path}` }).passwordMaxAgeDays).toBe(0);
    expect(
      parseEnv({ ...base, DATABASE_URL: `file:${path}`, KEYWARD_PASSWORD_MAX_AGE_DAYS: "90" }).passwordMaxAgeDays,
    ).toBe(90);
    expect(
      parseEnv({ ...base, DATABASE_URL: `file:${path}`, KEYWARD_PASSWORD_MAX_AGE_DAYS: "" }).passwordMaxAgeDays,
    ).toBe(0);
    for (const bad of ["-1", "3651", "1.5", "ninety"]) {
      expect(() => parseEnv({ ...base, DATABASE_URL: `file:${path}`, KEYWARD_PASSWORD_MAX_AGE_DAYS: bad })).toThrow(
        /KEYWARD_PASSWORD_MAX_AGE_DAYS: must be a whole number of days from 0 to 3650/,
      );
    }
  });

  it("treats empty variables as unset", () => {
    const path = createSqliteFile();
    expect(parseEnv({ ...base, DATABASE_URL: `file:${path}`, PORT: "", KEYWARD_SECRET: "" }).port).toBe(3000);
  });

  it("keeps the bench baseline route off unless KEYWARD_BENCH=1", () => {
    const path = createSqliteFile();
    expect(parseEnv({ ...base, DATABASE_URL: `file:${path}` }).bench).toBe(false);
    expect(parseEnv({ ...base, DATABASE_URL: `file:${path}`, KEYWARD_BENCH: "0" }).bench).toBe(false);
    expect(parseEnv({ ...base, DATABASE_URL: `file:${path}`, KEYWARD_BENCH: "1" }).bench).toBe(true);
    expect(() => parseEnv({ ...base, DATABASE_URL: `file:${path}`, KEYWARD_BENCH: "yes" })).toThrow(
      /KEYWARD_BENCH: must be 0 or 1/,
    );
  });
});
