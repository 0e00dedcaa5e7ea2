// Pieces of the multi-row statements the batched writers use (lib/usage/write-batch.ts,
// lib/verifier/last-used.ts): each Prisma statement costs a few hundred microseconds of its
// own, so a flush writes many rows per statement instead of one statement per row.
import type { DatabaseKind } from "../env";
import { Prisma } from "../generated/sqlite/client";

/**
 * Rows per statement: at most 4 parameters each, 4,000 a statement, far below SQLite's 32,766
 * bound parameters and PostgreSQL's 65,535, and a statement's text stays small.
 */
export const ROWS_PER_STATEMENT = 1_000;

export function chunksOf<T>(rows: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}

/**
 * A timestamp parameter inside VALUES: PostgreSQL must be told its type there (it would take
 * it for text); SQLite gets the adapter's ISO text, the form Prisma writes every DateTime in,
 * so stored times still compare as text.
 */
export function timestampParameter(kind: DatabaseKind, value: Date): Prisma.Sql {
  return kind === "postgresql" ? Prisma.sql`CAST(${value} AS TIMESTAMP(3))` : Prisma.sql`${value}`;
}

/** Strings in code-unit order (the sort that makes two instances lock shared rows in one order). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
