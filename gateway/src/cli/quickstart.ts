// The quick start: migrate, seed the demo school when the database is empty, then serve the whole
// supergraph in one process with the offline playground. `npm run quickstart` installs first.
import { config, environmentConfig, fixConfigWith } from '@schools24/config';
import { applyMigrations, createDatabase, ensureDatabase } from '@schools24/db';
import { runProcess } from '@schools24/graphql';
import { createRedis } from '@schools24/redis';
import { DEMO_PASSWORD, forgetDerivedRedisState, isDatabaseEmpty, seedSchool } from '@schools24/seed';
import { startS3Server } from '@schools24/test-servers';
import { createGatewayServer } from '../gateway.js';
import { startInProcessFlushing, withInProcessFlushing } from '../worker.js';

const DEMO_CODE = 'DEMO';
const say = (line: string) => process.stdout.write(`${line}\n`);

// Without S3 credentials the demo still takes uploads and renders report cards: an S3-compatible
// store in this process (the one the tests use; it verifies SigV4 presigned URLs), in memory, gone
// at exit.
const fromEnvironment = environmentConfig();
const localStore = fromEnvironment.S3_ACCESS_KEY_ID
  ? null
  : await startS3Server({ buckets: [fromEnvironment.S3_BUCKET] });
const cfg = localStore
  ? fixConfigWith(
      Object.fromEntries(Object.entries(localStore.config).map(([name, value]) => [name, String(value)])),
    )
  : config();

// Migrating and seeding need the tables' owner; the server itself runs as the app role (DATABASE_URL).
try {
  await ensureDatabase(cfg.DATABASE_ADMIN_URL);
  const { applied } = await applyMigrations(cfg.DATABASE_ADMIN_URL);
  say(applied.length ? `Applied ${applied.length} migration(s).` : 'Database schema is up to date.');
} catch (error) {
  process.stderr.write(
    `PostgreSQL is not usable at DATABASE_ADMIN_URL (${new URL(cfg.DATABASE_ADMIN_URL).host}): ${(error as Error).message}\n` +
      'Set DATABASE_ADMIN_URL (the owner) and DATABASE_URL (the app role), or start PostgreSQL with `docker compose up -d postgres`.\n',
  );
  process.exit(1);
}

const db = createDatabase({ url: cfg.DATABASE_ADMIN_URL, poolSize: 4 });
// Only an empty database is seeded, so running the quick start again changes nothing.
if (await isDatabaseEmpty(db)) {
  say('Seeding the demo school (about 1,000 students and a living term around today)...');
  const started = performance.now();
  const seeded = await seedSchool(db, { code: DEMO_CODE, livingTerm: true });
  say(`Seeded in ${((performance.now() - started) / 1000).toFixed(1)} s (term around ${seeded.today}).`);
  // Same ids as any earlier demo school: drop leaderboards and cached rows Redis may still hold.
  const redis = createRedis(cfg.REDIS_URL);
  await forgetDerivedRedisState(redis, seeded.schoolId).catch((error: unknown) =>
    say(`Could not clear the demo school's cached state in Redis: ${String(error)}`),
  );
  redis.disconnect();
  say(`Demo logins (mutation login with schoolCode "${seeded.code}"):`);
  for (const login of seeded.logins) say(`  ${login.role.padEnd(14)} ${login.email}  ${login.password}`);
}
const demo = await db.school.findUnique({ where: { code: DEMO_CODE }, select: { id: true } });
const admin = demo
  ? await db.user.findFirst({
      where: { schoolId: demo.id, roleAssignments: { some: { role: 'SCHOOL_ADMIN' } } },
      select: { email: true },
      orderBy: { createdAt: 'asc' },
    })
  : null;
await db.$disconnect();

// The playground opens on a sign-in as the demo admin; its access token goes into the headers tab.
const defaultQuery = [
  '# 1. Run SignIn. 2. Put its accessToken in Headers: {"Authorization": "Bearer <accessToken>"}.',
  '# 3. Run School.',
  `mutation SignIn {`,
  `  login(input: { schoolCode: "${DEMO_CODE}", email: "${admin?.email ?? 'admin@demo.example'}", password: "${DEMO_PASSWORD}" }) {`,
  '    tokens { accessToken accessTokenExpiresAt refreshToken }',
  '    userErrors { code message retryAfterSeconds }',
  '  }',
  '}',
  '',
  'query School {',
  '  school { name code timezone }',
  '  sections { displayName classTeacher { fullName } }',
  '}',
  '',
].join('\n');

await runProcess('gateway', async (resources) => {
  const gateway = await createGatewayServer({ resources, playground: { defaultQuery } });
  const { GATEWAY_PORT: port, HOST: host } = resources.config;
  await gateway.listen(port, host);
  const base = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  say('');
  say(`Schools24 is running (topology: ${resources.config.TOPOLOGY}).`);
  say(`  Playground (open in a browser): ${base}/graphql`);
  say(`  GraphQL endpoint:               POST ${base}/graphql`);
  say(`  Health / readiness / metrics:   ${base}/health  ${base}/ready  ${base}/metrics`);
  if (localStore)
    say(
      `  Files (no S3 configured):       an in-memory S3-compatible store at ${localStore.endpoint}, emptied at exit`,
    );
  if (admin) say(`  Demo school ${DEMO_CODE}: sign in as ${admin.email} / ${DEMO_PASSWORD} (mutation login)`);
  say('Press Ctrl+C to stop.');
  const served = withInProcessFlushing(gateway, startInProcessFlushing(resources));
  return {
    ...served,
    stop: async () => {
      await served.stop();
      await localStore?.stop();
    },
  };
});
