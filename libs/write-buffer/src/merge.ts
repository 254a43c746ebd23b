import type { BufferedEntry } from './types.js';

export interface MergeOptions<Row, P> {
  /** The idempotency id a database row was written with. */
  rowId: (row: Row) => string;
  /** Shapes a buffered entry like a row, for the caller's read model. */
  toRow: (entry: BufferedEntry<P>) => Row;
  /** Optional order of the merged list (e.g. newest first). */
  compare?: (left: Row, right: Row) => number;
}

/**
 * Merges database rows with still-buffered entries of the same tenant, each idempotency id once.
 * Between the flusher's commit and its ack an entry is both in PostgreSQL and in the buffer; the
 * database row wins then, so a read never shows a submission twice or loses it.
 */
export function mergeBuffered<Row, P>(
  rows: readonly Row[],
  buffered: readonly BufferedEntry<P>[],
  options: MergeOptions<Row, P>,
): Row[] {
  const seen = new Set(rows.map(options.rowId));
  const merged = [...rows];
  for (const entry of buffered) {
    if (seen.has(entry.idempotencyId)) continue;
    seen.add(entry.idempotencyId);
    merged.push(options.toRow(entry));
  }
  return options.compare ? merged.sort(options.compare) : merged;
}
