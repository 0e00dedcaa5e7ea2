import { z } from "zod";

export const PAGE_SIZE = 50;

const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

/** The page number from a search-param value; anything odd is page 1. */
export function parsePage(value: unknown): number {
  return pageSchema.parse(Array.isArray(value) ? value[0] : (value ?? 1));
}

export interface Page<T> {
  rows: T[];
  page: number;
  pageCount: number;
  total: number;
}

export function pageWindow(page: number, pageSize = PAGE_SIZE): { skip: number; take: number } {
  return { skip: (page - 1) * pageSize, take: pageSize };
}

export function pageCount(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Newest first, ties broken by id, so consecutive pages never overlap or skip a row. */
export const NEWEST_FIRST: [{ createdAt: "desc" }, { id: "desc" }] = [{ createdAt: "desc" }, { id: "desc" }];

/** One page of a list: the total and the page's rows read together, each row shaped by `shape`. */
export async function readPage<T, R>(
  page: number,
  pageSize: number,
  count: () => Promise<number>,
  read: (window: { skip: number; take: number }) => Promise<T[]>,
  shape: (row: T) => R,
): Promise<Page<R>> {
  const [total, rows] = await Promise.all([count(), read(pageWindow(page, pageSize))]);
  return { rows: rows.map(shape), page, pageCount: pageCount(total, pageSize), total };
}
