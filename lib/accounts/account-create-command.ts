// `npm run account:create -- --name "Second Network" --admin-email admin@second.example`: the
// command's arguments, its answer and its exit code, here so that tests run it without a
// process. scripts/account-create.mts only migrates, calls this and prints.
import { parseArgs } from "node:util";
import type { Db } from "../db";
import { createNetwork, NetworkRefusal } from "./create-network";

export const ACCOUNT_CREATE_USAGE =
  'Usage: npm run account:create -- --name "<network name>" --admin-email <email> [--admin-name "<name>"]';

export interface CommandResult {
  /** 0 created; 1 refused by what is in the database (the email is taken); 2 bad arguments. */
  exitCode: 0 | 1 | 2;
  output: string;
}

export async function runAccountCreate(db: Db, argv: string[]): Promise<CommandResult> {
  let values: { name?: string; "admin-email"?: string; "admin-name"?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        name: { type: "string" },
        "admin-email": { type: "string" },
        "admin-name": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // An unknown option, or one without its value: parseArgs says which.
    return refused(2, [(error as Error).message]);
  }
  try {
    const network = await createNetwork(db, {
      name: values.name ?? "",
      adminEmail: values["admin-email"] ?? "",
      adminName: values["admin-name"],
    });
    return {
      exitCode: 0,
      output: [
        `Network "${network.name}" created, with its super admin:`,
        `  email:    ${network.adminEmail}`,
        `  password: ${network.password}`,
        "This password is shown once and stored only as a hash: hand it over safely. The admin signs in",
        "with it and changes it at /account/password. The new network sees nothing of the others.",
        "",
      ].join("\n"),
    };
  } catch (error) {
    if (error instanceof NetworkRefusal) return refused(error.reason === "invalid" ? 2 : 1, error.problems);
    throw error;
  }
}

function refused(exitCode: 1 | 2, problems: string[]): CommandResult {
  return {
    exitCode,
    output: ["No network created:", ...problems.map((problem) => `  ${problem}`), ACCOUNT_CREATE_USAGE, ""].join("\n"),
  };
}
