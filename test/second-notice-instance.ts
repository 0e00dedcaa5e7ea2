// Starts test/notice-sweeper.mts: a second instance sweeping the same database in a process of
// its own, driven one instant at a time.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import type { DatabaseKind } from "@/lib/env";

export interface SecondInstance {
  /** Two sweeps at `now` in the other process, at once; resolves when both ended. */
  sweep(now: Date): Promise<void>;
  stop(): Promise<void>;
}

export async function startSecondInstance(
  database: { kind: DatabaseKind; url: string; sqlitePath?: string },
  smtpUrl: string,
  publicUrl: string,
): Promise<SecondInstance> {
  const root = process.cwd();
  const child = spawn(
    process.execPath,
    [join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", join(root, "test/notice-sweeper.mts")],
    {
      cwd: root,
      env: {
        ...process.env,
        NOTICE_DATABASE: JSON.stringify(database),
        NOTICE_SMTP_URL: smtpUrl,
        NOTICE_PUBLIC_URL: publicUrl,
      },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error("the second instance exited");
    return value as string;
  };
  const first = await next();
  if (first !== "ready") throw new Error(`the second instance did not start: ${first}`);
  return {
    async sweep(now) {
      child.stdin!.write(`${now.toISOString()}\n`);
      const answer = await next();
      if (!answer.startsWith("done")) throw new Error(`the second instance failed: ${answer}`);
    },
    async stop() {
      child.stdin!.end();
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}
