import type { Redis } from '@schools24/redis';
import { asArray, asString, errorMessage } from './replies.js';

const required = [
  ['appendonly', 'yes', 'acknowledged entries are lost when Redis restarts'],
  ['appendfsync', 'always', 'entries acknowledged in the last second can be lost when the host crashes'],
  ['maxmemory-policy', 'noeviction', 'Redis may evict unflushed entries under memory pressure'],
] as const;

/**
 * Inspects the buffer's Redis and returns one warning per setting that breaks the buffer's promise
 * (nothing acknowledged is lost). Empty means durable. The caller logs the warnings at start-up.
 * Redis 7.0 has no WAITAOF, so with replicas a failover can still lose the last writes; the buffer
 * relies on the primary's own fsynced AOF.
 */
export async function checkBufferDurability(redis: Redis): Promise<string[]> {
  const warnings: string[] = [];
  for (const [name, wanted, risk] of required) {
    let actual: string;
    try {
      const reply = asArray(await redis.call('CONFIG', 'GET', name), `CONFIG GET ${name}`);
      actual = reply.length >= 2 ? asString(reply[1], name) : '(not reported)';
    } catch (error) {
      warnings.push(
        `Cannot read the buffer Redis setting ${name} (${errorMessage(error)}); make sure it is ${wanted}.`,
      );
      continue;
    }
    if (actual !== wanted) {
      warnings.push(`Buffer Redis has ${name} ${actual}, not ${wanted}: ${risk}.`);
    }
  }
  return warnings;
}
