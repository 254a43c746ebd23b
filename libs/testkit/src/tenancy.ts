import type { Database } from '@schools24/db';

/**
 * Everything that would give away one school's data if it showed up in another school's response:
 * the id of every row the school owns (in every table with a "schoolId" column, found from the
 * catalog, so new tables are covered without touching this), its own id, code and name, and its
 * users' emails. Read as the admin (row-level security would hide it from the app role).
 */
export async function schoolFingerprint(admin: Database, schoolId: string): Promise<Set<string>> {
  const tables = await admin.$queryRaw<{ table: string }[]>`
    SELECT c.table_name::text AS "table"
      FROM information_schema.columns c
      JOIN information_schema.columns id
        ON id.table_schema = c.table_schema AND id.table_name = c.table_name AND id.column_name = 'id'
     WHERE c.table_schema = current_schema() AND c.column_name = 'schoolId'
     ORDER BY 1`;
  const values = new Set<string>();
  for (const { table } of tables) {
    const quoted = `"${table.replaceAll('"', '""')}"`;
    const rows = await admin.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id::text AS id FROM ${quoted} WHERE "schoolId" = $1::uuid`,
      schoolId,
    );
    for (const row of rows) values.add(row.id);
  }
  const school = await admin.school.findUniqueOrThrow({
    where: { id: schoolId },
    select: { id: true, code: true, name: true, users: { select: { email: true } } },
  });
  values.add(school.id).add(school.code).add(school.name);
  for (const user of school.users) values.add(user.email);
  return values;
}

/** The values of `fingerprint` found anywhere in `response` (serialized), minus those in `allowed`. */
export function leakedValues(
  response: unknown,
  fingerprint: ReadonlySet<string>,
  allowed: Iterable<string> = [],
): string[] {
  const text = JSON.stringify(response).toLowerCase();
  const skip = new Set([...allowed].map((value) => value.toLowerCase()));
  return [...fingerprint].filter(
    (value) => !skip.has(value.toLowerCase()) && text.includes(value.toLowerCase()),
  );
}

/** Ids of a school's rows by table, e.g. `{ Student: [...], Section: [...] }` (the first `limit` of each). */
export async function schoolIdsByTable(
  admin: Database,
  schoolId: string,
  limit = 3,
): Promise<Map<string, string[]>> {
  const tables = await admin.$queryRaw<{ table: string }[]>`
    SELECT c.table_name::text AS "table"
      FROM information_schema.columns c
      JOIN information_schema.columns id
        ON id.table_schema = c.table_schema AND id.table_name = c.table_name AND id.column_name = 'id'
     WHERE c.table_schema = current_schema() AND c.column_name = 'schoolId'`;
  const ids = new Map<string, string[]>([['School', [schoolId]]]);
  for (const { table } of tables) {
    const quoted = `"${table.replaceAll('"', '""')}"`;
    const rows = await admin.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id::text AS id FROM ${quoted} WHERE "schoolId" = $1::uuid ORDER BY id LIMIT ${limit}`,
      schoolId,
    );
    ids.set(
      table,
      rows.map((row) => row.id),
    );
  }
  return ids;
}
