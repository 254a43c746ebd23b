import { RedisPubSub } from 'graphql-redis-subscriptions';
import { tenantKey, type Redis } from '@schools24/redis';
import { DomainError, ErrorCode } from '@schools24/errors';
import type { Logger } from '@schools24/logger';
import { EVENT_CATALOG, type EventEnvelope, type EventName, type EventPayload } from './catalog.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Redis channel of one event in one school: tenants never share a channel. */
export function eventChannel(name: EventName, schoolId: string): string {
  return tenantKey(schoolId.toLowerCase(), 'ev', name);
}

export type EventHandler<Name extends EventName> = (event: EventEnvelope<Name>) => void;

/**
 * Publishes and delivers catalog events over Redis pub/sub (graphql-redis-subscriptions), so any
 * subgraph replica can publish and any gateway replica can deliver. Payloads are validated against
 * the catalog on both sides: a malformed message on the wire is logged and dropped, never delivered.
 *
 * Subscriptions are reference-counted per channel by RedisPubSub: the last `unsubscribe` of a
 * channel releases its Redis subscription at once.
 */
export class EventBus {
  private readonly pubsub: RedisPubSub;
  private readonly ownsSubscriber: boolean;
  private readonly subscriber: Redis;

  /**
   * @param publisher a shared connection (publishing mixes with other commands); the caller owns it
   * @param subscriber a connection of its own (it enters subscriber mode) that the caller owns; when
   *   omitted, the bus makes one from `publisher` and closes it in `close()`
   */
  constructor(
    publisher: Redis,
    private readonly logger: Logger,
    subscriber?: Redis,
  ) {
    this.ownsSubscriber = subscriber === undefined;
    this.subscriber = subscriber ?? publisher.duplicate();
    this.pubsub = new RedisPubSub({ publisher, subscriber: this.subscriber });
  }

  async publish<Name extends EventName>(
    name: Name,
    schoolId: string,
    payload: EventPayload<Name>,
  ): Promise<void> {
    if (!UUID.test(schoolId)) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'An event needs a school id.');
    const parsed = EVENT_CATALOG[name].safeParse(payload);
    if (!parsed.success) {
      throw new Error(`Event ${name} does not match the catalog: ${parsed.error.message}`);
    }
    const envelope: EventEnvelope<Name> = {
      name,
      schoolId: schoolId.toLowerCase(),
      payload: parsed.data as EventPayload<Name>,
      at: new Date().toISOString(),
    };
    await this.pubsub.publish(eventChannel(name, schoolId), envelope);
  }

  /** Calls `handler` for each event of `name` in `schoolId`; resolves to the unsubscribe function. */
  async subscribe<Name extends EventName>(
    name: Name,
    schoolId: string,
    handler: EventHandler<Name>,
  ): Promise<() => void> {
    if (!UUID.test(schoolId))
      throw new DomainError(ErrorCode.BAD_USER_INPUT, 'A subscription needs a school id.');
    const school = schoolId.toLowerCase();
    const subscriptionId = await this.pubsub.subscribe<unknown>(eventChannel(name, school), (message) => {
      const event = this.read(name, school, message);
      if (event) handler(event);
    });
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.pubsub.unsubscribe(subscriptionId);
    };
  }

  /** Closes the subscriber connection if the bus made it; the publisher stays the caller's. */
  async close(): Promise<void> {
    if (!this.ownsSubscriber) return;
    // QUIT waits for replies to commands in flight (an UNSUBSCRIBE just sent), unlike disconnect().
    if (this.subscriber.status === 'ready') await this.subscriber.quit();
    else this.subscriber.disconnect();
  }

  private read<Name extends EventName>(
    name: Name,
    schoolId: string,
    message: unknown,
  ): EventEnvelope<Name> | null {
    const envelope = message as Partial<EventEnvelope> | null;
    const parsed = EVENT_CATALOG[name].safeParse(envelope?.payload);
    if (!envelope || envelope.name !== name || envelope.schoolId !== schoolId || !parsed.success) {
      this.logger.warn({ event: name, schoolId }, 'dropped a malformed event from Redis');
      return null;
    }
    return { name, schoolId, payload: parsed.data as EventPayload<Name>, at: String(envelope.at) };
  }
}
