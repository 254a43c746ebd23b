/*
 * Runs the Prisma 6 CLI offline (see prisma6.config.ts for why 6 and not 7). The 6.x CLI needs:
 * existing files in PRISMA_QUERY_ENGINE_LIBRARY / PRISMA_SCHEMA_ENGINE_BINARY, or it tries to
 * download engines (the stand-in exits 1, so nothing can fake success); a schema whose datasource
 * has a `url`, which 7.x forbids, hence a patched copy; and TMPDIR inside the project, because it
 * writes to os.tmpdir().
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCHEMA_DIR = join(ROOT, 'prisma/schema');
export const MIGRATIONS_DIR = join(ROOT, 'prisma/migrations');
export const TMP_DIR = join(ROOT, '.tmp');
const CONFIG = join(ROOT, 'prisma/tools/prisma6.config.ts');
const NO_NATIVE_ENGINE = join(ROOT, 'prisma/no-native-engine.sh');
const CLI = createRequire(import.meta.url).resolve('prisma6/build/index.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `prisma6 <args>` with prisma6.config.ts. `databaseUrl` is the adapter's main connection;
 * shadow databases are created next to it on the same server.
 */
export async function runPrisma6(args: string[], databaseUrl: string): Promise<CliResult> {
  await mkdir(TMP_DIR, { recursive: true });
  const child = spawn(process.execPath, [CLI, ...args, '--config', CONFIG], {
    cwd: ROOT,
    env: prisma6Env(databaseUrl),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve(exitCode ?? 1));
  });
  return { code, stdout, stderr };
}

/** Runs a command that reads the schema (migrate status/deploy/resolve, db pull) on a patched copy. */
export async function runPrisma6WithSchema(
  args: string[],
  databaseUrl: string,
  schemaDir = SCHEMA_DIR,
): Promise<CliResult> {
  return withPrisma6Schema(schemaDir, (schema) => runPrisma6([...args, '--schema', schema], databaseUrl));
}

/** The one place these tools read process.env: the CLI child inherits it plus its offline settings. */
function prisma6Env(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TMPDIR: TMP_DIR,
    PRISMA_QUERY_ENGINE_LIBRARY: NO_NATIVE_ENGINE,
    PRISMA_SCHEMA_ENGINE_BINARY: NO_NATIVE_ENGINE,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  };
}

/**
 * Copies a schema folder under .tmp/ with `url = env("DATABASE_URL")` added to its datasource, and
 * passes the copy's path to `work`. The copy is removed afterwards.
 */
export async function withPrisma6Schema<T>(
  schemaDir: string,
  work: (schemaPath: string) => Promise<T>,
): Promise<T> {
  const copy = join(TMP_DIR, `prisma6-schema-${process.pid}-${randomBytes(4).toString('hex')}`);
  await cp(schemaDir, copy, { recursive: true });
  try {
    await addDatasourceUrl(copy);
    return await work(copy);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

async function addDatasourceUrl(schemaDir: string): Promise<void> {
  const files = (await readdir(schemaDir, { recursive: true })).filter((file) => file.endsWith('.prisma'));
  for (const file of files) {
    const path = join(schemaDir, file);
    const text = await readFile(path, 'utf8');
    const patched = text.replace(/^(\s*datasource\s+\w+\s*\{)/m, '$1\n  url = env("DATABASE_URL")');
    if (patched !== text) return writeFile(path, patched);
  }
  throw new Error(`No datasource block found in ${schemaDir}`);
}
