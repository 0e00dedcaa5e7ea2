// Prisma's error codes for the constraints the database enforces, read the same way on SQLite
// and PostgreSQL (the driver adapters fill `code`, and `meta` names the columns when it can).

/** A unique index refused the write (P2002); with `column`, only when the error names it. */
export function isUniqueViolation(error: unknown, column?: string): boolean {
  if (typeof error !== "object" || error === null || (error as { code?: unknown }).code !== "P2002") return false;
  if (column === undefined) return true;
  return JSON.stringify((error as { meta?: unknown }).meta ?? {}).includes(column);
}

/** A foreign key refused the write or the delete (P2003; P2014 for a required relation). */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === "P2003" || code === "P2014";
}
