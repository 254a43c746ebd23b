/**
 * Redis replies arrive as `unknown` (Lua results and raw stream commands); these narrow them with
 * checks instead of casts, so a protocol surprise fails loudly rather than corrupting an entry.
 */

export function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`Unexpected Redis reply for ${what}: not an array`);
  const items: unknown[] = value;
  return items;
}

export function asString(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'number') return String(value);
  throw new Error(`Unexpected Redis reply for ${what}: not a string`);
}

export function asNumber(value: unknown, what: string): number {
  const parsed = typeof value === 'number' ? value : Number(asString(value, what));
  if (!Number.isFinite(parsed)) throw new Error(`Unexpected Redis reply for ${what}: not a number`);
  return parsed;
}

/** One stream entry as Redis returns it: id and its field/value pairs. */
export interface RawEntry {
  streamId: string;
  fields: ReadonlyMap<string, string>;
}

/** Parses `[[id, [field, value, ...]], ...]`; entries whose data is gone (null fields) are skipped. */
export function asEntries(value: unknown, what: string): RawEntry[] {
  const entries: RawEntry[] = [];
  for (const item of asArray(value, what)) {
    const [id, flat] = asArray(item, what);
    if (flat === null || flat === undefined) continue;
    const pairs = asArray(flat, what);
    const fields = new Map<string, string>();
    for (let index = 0; index + 1 < pairs.length; index += 2) {
      fields.set(asString(pairs[index], what), asString(pairs[index + 1], what));
    }
    entries.push({ streamId: asString(id, what), fields });
  }
  return entries;
}

export function field(entry: RawEntry, name: string): string {
  const value = entry.fields.get(name);
  if (value === undefined) throw new Error(`Buffer entry ${entry.streamId} has no field "${name}"`);
  return value;
}

/** Milliseconds part of a stream id (`<ms>-<seq>`): the time Redis accepted the entry. */
export function streamIdTime(streamId: string): number {
  return Number(streamId.slice(0, streamId.indexOf('-')));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
