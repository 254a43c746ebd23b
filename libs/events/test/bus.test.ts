import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '@schools24/config';
import { serviceLogger } from '@schools24/logger';
import { createRedis, type Redis } from '@schools24/redis';
import { EventBus, eventChannel } from '../src/index.js';

const logger = serviceLogger('events-test');

describe('EventBus over Redis pub/sub', () => {
  let publisherRedis: Redis;
  let subscriberRedis: Redis;
  let publisher: EventBus;
  let subscriber: EventBus;

  beforeAll(async () => {
    publisherRedis = createRedis(config().REDIS_URL);
    subscriberRedis = createRedis(config().REDIS_URL);
    await Promise.all([publisherRedis.connect(), subscriberRedis.connect()]);
    // Two buses, as a subgraph replica and a gateway replica would have.
    publisher = new EventBus(publisherRedis, logger);
    subscriber = new EventBus(publisherRedis, logger, subscriberRedis);
  });
  afterAll(async () => {
    await subscriber?.close();
    await publisher?.close();
    await subscriberRedis?.quit();
    await publisherRedis?.quit();
  });

  const submitted = () => ({
    homeworkId: randomUUID(),
    sectionId: randomUUID(),
    studentId: randomUUID(),
    submissionId: randomUUID(),
  });

  it("delivers an event to its school's subscribers only, and releases Redis on unsubscribe", async () => {
    const schoolA = randomUUID();
    const schoolB = randomUUID();
    const seenA: unknown[] = [];
    const seenB: unknown[] = [];
    const stopA = await subscriber.subscribe('homeworkSubmitted', schoolA, (event) =>
      seenA.push(event.payload),
    );
    const stopB = await subscriber.subscribe('homeworkSubmitted', schoolB, (event) =>
      seenB.push(event.payload),
    );
    const payload = submitted();
    await publisher.publish('homeworkSubmitted', schoolA, payload);
    await expect.poll(() => seenA.length).toBe(1);
    expect(seenA[0]).toEqual(payload);
    expect(seenB).toEqual([]);

    const channel = eventChannel('homeworkSubmitted', schoolA);
    expect(await publisherRedis.pubsub('NUMSUB', channel)).toEqual([channel, 1]);
    stopA();
    await expect.poll(async () => publisherRedis.pubsub('NUMSUB', channel)).toEqual([channel, 0]);
    stopB();
    const channelB = eventChannel('homeworkSubmitted', schoolB);
    await expect.poll(async () => publisherRedis.pubsub('NUMSUB', channelB)).toEqual([channelB, 0]);
  });

  it('refuses to publish a payload outside the catalog, and drops malformed messages from the wire', async () => {
    const school = randomUUID();
    await expect(
      publisher.publish('homeworkSubmitted', school, { ...submitted(), studentId: 'nope' }),
    ).rejects.toThrow(/catalog/);
    const seen: unknown[] = [];
    const stop = await subscriber.subscribe('leaderboardChanged', school, (event) =>
      seen.push(event.payload),
    );
    const channel = eventChannel('leaderboardChanged', school);
    await publisherRedis.publish(
      channel,
      JSON.stringify({ name: 'leaderboardChanged', schoolId: school, payload: {} }),
    );
    await publisherRedis.publish(channel, 'not json at all');
    await publisher.publish('leaderboardChanged', school, { scope: 'section:x', version: 3 });
    await expect.poll(() => seen.length).toBe(1);
    expect(seen).toEqual([{ scope: 'section:x', version: 3 }]);
    stop();
    await expect.poll(async () => publisherRedis.pubsub('NUMSUB', channel)).toEqual([channel, 0]);
  });
});
