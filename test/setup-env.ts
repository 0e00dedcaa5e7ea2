// The environment every vitest file starts with: test mode (cheap bcrypt), a fixed secret,
// and a SQLite file of its own, so lib/env.ts parses and nothing touches ./data.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

(process.env as Record<string, string>).NODE_ENV = "test";
process.env.KEYWARD_BCRYPT_COST ??= "4";
process.env.KEYWARD_SECRET ??= "test-secret-that-is-long-enough-for-keyward-tests";
process.env.DATABASE_URL ??= `file:${join(mkdtempSync(join(tmpdir(), "keyward-vitest-")), "env.db")}`;
