// Which database a Prisma client talks to, for the few statements written by hand whose SQL
// differs between SQLite and PostgreSQL (a timestamp parameter's type, mostly). The client
// knows its provider only through this internal field; without it, the answer is SQLite's.
import type { DatabaseKind } from "../env";

export function databaseKindOf(client: object): DatabaseKind {
  return (client as { _activeProvider?: string })._activeProvider === "postgresql" ? "postgresql" : "sqlite";
}
