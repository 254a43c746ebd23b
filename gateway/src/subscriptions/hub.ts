import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { TokenRevocations } from '@schools24/auth';
import { ErrorCode } from '@schools24/errors';
import type { EventBus, EventEnvelope, EventName } from '@schools24/events';
import type { Logger } from '@schools24/logger';
import type { PreparedSubscription } from './operation.js';
import { SubscriberStream, type LiveResult } from './stream.js';
import { expiresInMs, type Subscriber } from './subscriber.js';

/** Runs a backing query through the gateway on a subscriber's behalf (their token, their tenant). */
export type LiveExecutor = (prepared: PreparedSubscription, subscriber: Subscriber) => Promise<LiveResult>;

const activeSubscriptions = new Gauge({
  name: 'schools24_subscriptions_active',
  help: 'Subscriptions being served by this gateway.',
});
const executionsTotal = new Counter({
  name: 'schools24_subscription_executions_total',
  help: 'Backing-query executions for subscriptions: at subscribe time (authorization) and per event and group.',
  labelNames: ['field', 'reason'] as const,
});
const fanOutSeconds = new Histogram({
  name: 'schools24_subscription_fanout_seconds',
  help: 'From an event reaching the gateway to its result being queued for every subscriber of a group.',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});
const endedTotal = new Counter({
  name: 'schools24_subscriptions_ended_total',
  help: 'Subscriptions the gateway ended itself, by reason.',
  labelNames: ['reason'] as const,
});

type EndReason = 'expired' | 'revoked' | 'unauthorized' | 'too_slow' | 'shutdown';

const AUTH_CODES: ReadonlySet<unknown> = new Set([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.TENANT_REQUIRED,
]);

function authErrors(result: LiveResult): GraphQLFormattedError[] {
  return (result.errors ?? []).filter((error) => AUTH_CODES.has(error.extensions?.['code']));
}

export function toGraphQLErrors(errors: readonly GraphQLFormattedError[]): GraphQLError[] {
  return errors.map(
    (error) => new GraphQLError(error.message, error.extensions ? { extensions: error.extensions } : {}),
  );
}

function ended(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

interface Member {
  subscriber: Subscriber;
  stream: SubscriberStream;
  group: Group;
  active: boolean;
  /** The group's event count when this member joined (an event while it was authorizing reruns). */
  joinedAtEvent: number;
  expiry: NodeJS.Timeout | undefined;
}

interface Group {
  key: string;
  prepared: PreparedSubscription;
  schoolId: string;
  members: Set<Member>;
  events: number;
  running: boolean;
  rerun: boolean;
  /** Resolves once the group's event channels are subscribed in Redis. */
  ready: Promise<void>;
}

interface Channel {
  groups: Set<Group>;
  unsubscribe: Promise<(() => void) | null>;
}

export interface LiveHubOptions {
  events: EventBus;
  execute: LiveExecutor;
  revocations: TokenRevocations;
  logger: Logger;
  /** SUBSCRIPTION_QUEUE_LIMIT: results a subscriber may have waiting (`every` delivery). */
  queueLimit: number;
  /** How often every subscriber's token is checked for revocation. */
  revocationCheckMs: number;
}

export interface LiveHubStats {
  subscribers: number;
  groups: number;
  /** Redis channels subscribed (event × school). */
  channels: number;
  /** Backing-query executions caused by events (one per group per event burst). */
  eventExecutions: number;
  /** Backing-query executions at subscribe time (one per subscriber: their own authorization). */
  subscribeExecutions: number;
  /** The most results any one subscriber ever had waiting (bounded by the queue limit). */
  maxQueued: number;
}

/**
 * Live queries: subscribers of the same (document, variables, school, authorization fingerprint)
 * form a group; an event executes the group's backing query ONCE and queues the result for each
 * member. A group executing while another event arrives runs once more afterwards (events carry keys
 * only; the latest read covers every event before it).
 */
export class LiveHub {
  private readonly groups = new Map<string, Group>();
  private readonly channels = new Map<string, Channel>();
  private readonly revocationTimer: NodeJS.Timeout;
  private eventExecutions = 0;
  private subscribeExecutions = 0;
  private subscribers = 0;

  constructor(private readonly options: LiveHubOptions) {
    this.revocationTimer = setInterval(() => void this.checkRevocations(), options.revocationCheckMs);
    this.revocationTimer.unref();
  }

  stats(): LiveHubStats {
    let maxQueued = 0;
    for (const group of this.groups.values()) {
      for (const member of group.members) maxQueued = Math.max(maxQueued, member.stream.highWater);
    }
    return {
      maxQueued,
      subscribers: this.subscribers,
      groups: this.groups.size,
      channels: this.channels.size,
      eventExecutions: this.eventExecutions,
      subscribeExecutions: this.subscribeExecutions,
    };
  }

  /**
   * Authorizes the subscriber by executing the backing query with their token (ownership and tenant
   * rules are the subgraphs'), then joins them to their group. Resolves to their stream, whose first
   * result is that initial read, or to the errors that refuse the subscription.
   */
  async subscribe(
    prepared: PreparedSubscription,
    subscriber: Subscriber,
  ): Promise<SubscriberStream | readonly GraphQLError[]> {
    const group = this.groupFor(prepared, subscriber);
    const member: Member = {
      subscriber,
      group,
      active: false,
      joinedAtEvent: group.events,
      expiry: undefined,
      stream: new SubscriberStream(prepared.live.delivery, this.options.queueLimit, () => this.leave(member)),
    };
    group.members.add(member);
    this.subscribers += 1;
    activeSubscriptions.inc();
    let initial: LiveResult;
    try {
      // Subscribed to the events before the first read, so no change between the two is missed.
      await group.ready;
      initial = await this.execute(group, subscriber, 'subscribe');
    } catch (error) {
      this.leave(member);
      this.options.logger.error({ err: error }, 'subscription could not start');
      return [ended(ErrorCode.SERVICE_UNAVAILABLE, 'Live updates are unavailable right now; retry shortly.')];
    }
    const refusal = authErrors(initial);
    if (refusal.length > 0 || (initial.data == null && (initial.errors?.length ?? 0) > 0)) {
      this.leave(member);
      return toGraphQLErrors(refusal.length > 0 ? refusal : (initial.errors ?? []));
    }
    if (member.stream.isClosed) return member.stream;
    member.active = true;
    member.stream.push(initial);
    const expiresIn = expiresInMs(subscriber);
    member.expiry = setTimeout(
      () =>
        this.end(
          member,
          'expired',
          ended(ErrorCode.UNAUTHENTICATED, 'The access token has expired: subscribe again with a fresh one.'),
        ),
      Math.max(0, expiresIn),
    );
    member.expiry.unref();
    if (group.events !== member.joinedAtEvent) this.schedule(group);
    return member.stream;
  }

  /** Ends every subscription (gateway shutdown) and releases every Redis channel. */
  close(): void {
    clearInterval(this.revocationTimer);
    for (const group of [...this.groups.values()]) {
      for (const member of [...group.members]) {
        this.end(member, 'shutdown', ended(ErrorCode.SERVICE_UNAVAILABLE, 'The server is shutting down.'));
      }
    }
  }

  private fingerprint(prepared: PreparedSubscription, subscriber: Subscriber): string {
    const { viewer } = subscriber;
    const roles = [...viewer.roles].sort().join(',');
    return prepared.grouping === 'roles'
      ? `roles:${roles}`
      : `user:${viewer.userId}:${viewer.actorUserId ?? ''}:${roles}`;
  }

  private groupFor(prepared: PreparedSubscription, subscriber: Subscriber): Group {
    const schoolId = subscriber.viewer.schoolId;
    const key = [
      prepared.live.field,
      prepared.operationName ?? '',
      prepared.query,
      prepared.variablesKey,
      schoolId,
      this.fingerprint(prepared, subscriber),
    ].join('\n');
    let group = this.groups.get(key);
    if (!group) {
      const created: Group = {
        key,
        prepared,
        schoolId,
        members: new Set(),
        events: 0,
        running: false,
        rerun: false,
        ready: Promise.resolve(),
      };
      created.ready = this.retainChannels(created);
      this.groups.set(key, created);
      group = created;
    }
    return group;
  }

  private channelKey(event: EventName, schoolId: string): string {
    return `${event}\n${schoolId}`;
  }

  private async retainChannels(group: Group): Promise<void> {
    const events = [...new Set(group.prepared.live.triggers.map((trigger) => trigger.event))];
    const subscriptions: Promise<unknown>[] = [];
    for (const event of events) {
      const key = this.channelKey(event, group.schoolId);
      let channel = this.channels.get(key);
      if (!channel) {
        const unsubscribe = this.options.events
          .subscribe(event, group.schoolId, (envelope) => this.dispatch(key, envelope))
          .catch((error: unknown) => {
            this.options.logger.error({ err: error, event }, 'event subscription failed');
            if (this.channels.get(key) === channel) this.channels.delete(key);
            throw error;
          });
        channel = { groups: new Set(), unsubscribe };
        this.channels.set(key, channel);
      }
      channel.groups.add(group);
      subscriptions.push(channel.unsubscribe);
    }
    await Promise.all(subscriptions);
  }

  private releaseChannels(group: Group): void {
    for (const event of new Set(group.prepared.live.triggers.map((trigger) => trigger.event))) {
      const key = this.channelKey(event, group.schoolId);
      const channel = this.channels.get(key);
      if (!channel) continue;
      channel.groups.delete(group);
      if (channel.groups.size > 0) continue;
      // The last group on this channel: UNSUBSCRIBE in Redis now, not on the next event.
      this.channels.delete(key);
      void channel.unsubscribe.then(
        (unsubscribe) => unsubscribe?.(),
        () => undefined,
      );
    }
  }

  private dispatch(channelKey: string, envelope: EventEnvelope): void {
    const channel = this.channels.get(channelKey);
    if (!channel) return;
    const started = process.hrtime.bigint();
    for (const group of channel.groups) {
      const matched = group.prepared.live.triggers.some(
        (trigger) =>
          trigger.event === envelope.name &&
          (trigger.matches as (payload: unknown, args: typeof group.prepared.args) => boolean)(
            envelope.payload,
            group.prepared.args,
          ),
      );
      if (!matched) continue;
      group.events += 1;
      this.schedule(group, started);
    }
  }

  private schedule(group: Group, started = process.hrtime.bigint()): void {
    if (group.running) {
      group.rerun = true;
      return;
    }
    void this.run(group, started);
  }

  private async run(group: Group, started: bigint): Promise<void> {
    group.running = true;
    try {
      do {
        group.rerun = false;
        const active = [...group.members].filter((member) => member.active);
        const representative = active.reduce<Member | undefined>(
          (latest, member) =>
            !latest || member.subscriber.claims.expiresAt > latest.subscriber.claims.expiresAt
              ? member
              : latest,
          undefined,
        );
        if (!representative) break;
        let result: LiveResult;
        try {
          result = await this.execute(group, representative.subscriber, 'event');
        } catch (error) {
          this.options.logger.error({ err: error, field: group.prepared.live.field }, 'live query failed');
          result = {
            data: null,
            errors: [
              { message: 'Live update failed.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } },
            ],
          };
        }
        const refusal = authErrors(result);
        if (refusal.length > 0) {
          // This viewer may no longer see it (token revoked, access withdrawn): end them; the rest of
          // the group is read again with another member's token.
          this.end(representative, 'unauthorized', ...toGraphQLErrors(refusal));
          group.rerun = true;
          continue;
        }
        for (const member of group.members) {
          if (!member.active) continue;
          if (member.stream.push(result) === 'overflow') {
            this.end(
              member,
              'too_slow',
              ended(
                ErrorCode.SERVICE_UNAVAILABLE,
                'This subscription fell too far behind and was ended: subscribe again for the current state.',
              ),
            );
          }
        }
        fanOutSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
      } while (group.rerun);
    } finally {
      group.running = false;
    }
  }

  private async execute(
    group: Group,
    subscriber: Subscriber,
    reason: 'subscribe' | 'event',
  ): Promise<LiveResult> {
    if (reason === 'event') this.eventExecutions += 1;
    else this.subscribeExecutions += 1;
    executionsTotal.inc({ field: group.prepared.live.field, reason });
    return this.options.execute(group.prepared, subscriber);
  }

  private end(member: Member, reason: EndReason, ...errors: GraphQLError[]): void {
    if (!member.group.members.has(member)) return;
    this.leave(member);
    endedTotal.inc({ reason });
    const [error] = errors;
    if (error) member.stream.fail(error);
    else void member.stream.return();
  }

  private leave(member: Member): void {
    const { group } = member;
    if (!group.members.delete(member)) return;
    clearTimeout(member.expiry);
    member.active = false;
    this.subscribers -= 1;
    activeSubscriptions.dec();
    if (group.members.size === 0 && this.groups.get(group.key) === group) {
      this.groups.delete(group.key);
      this.releaseChannels(group);
    }
  }

  /** Ends the subscriptions of tokens revoked since they subscribed (one read per distinct user). */
  private async checkRevocations(): Promise<void> {
    const byUser = new Map<string, Member[]>();
    for (const group of this.groups.values()) {
      for (const member of group.members) {
        if (!member.active) continue;
        const { claims } = member.subscriber;
        const key = `${claims.schoolId}\n${claims.userId}`;
        const list = byUser.get(key);
        if (list) list.push(member);
        else byUser.set(key, [member]);
      }
    }
    await Promise.all(
      [...byUser.values()].map(async (members) => {
        const [first] = members;
        if (!first) return;
        const { schoolId, userId } = first.subscriber.claims;
        let validAfter: number;
        try {
          validAfter = await this.options.revocations.validAfter(schoolId, userId);
        } catch (error) {
          this.options.logger.warn({ err: error }, 'revocation check failed; retrying at the next interval');
          return;
        }
        for (const member of members) {
          if (member.subscriber.claims.issuedAtMs >= validAfter) continue;
          this.end(
            member,
            'revoked',
            ended(
              ErrorCode.UNAUTHENTICATED,
              'The access token was revoked: sign in again or refresh the session.',
            ),
          );
        }
      }),
    );
  }
}
