import type { DataSource } from 'typeorm';
import type { ChannelPacer } from '../channels/channel-pacer';
import type { ChannelRoute } from '../channels/channel-registry';
import { ProviderError, type OutboundSms, type SendResult } from '../channels/sms-provider';
import type { ConsentChange } from '../contacts/consent';
import type { Contact, Message } from '../db/entities';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { HuixinMetrics } from '../metrics/huixin-metrics';
import { releaseClaims } from './outbox-claim';
import { OutboxRecorder, type MessageChanges } from './outbox-recorder';
import { toMessageView } from './views';
import { estimatedSegments } from '../reports/billed-segments';
import { counted } from '../reports/rollup-keys';

/** One claimed row with what sending it needs. */
export interface Outgoing { row: Message; contact: Contact; sms: OutboundSms; recovering: boolean }


/** Provider answers that mean "slower": Twilio's 429 (20429) and carrier throttling (63018). */
const THROTTLED = new Set(['http_429', '20429', '63018']);
const THROTTLE_PAUSE_MS = 1000;
/** Time a send needs to be recorded before its lease runs out. */
const LEASE_MARGIN_MS = 2000;

const backoffMs = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 60_000);

/** `provider`: the approved template of the row's campaign, when it has one (a campaign on an Aliyun or Tencent channel). */
export const outboundSms = (row: Message, contact: Contact, provider?: ProviderTemplateRef | null): OutboundSms => ({
  messageId: row.id, to: contact.phone, body: row.body,
  ...(row.direction === 'out' && row.extendCode ? { extendCode: row.extendCode } : {}),
  ...(row.templateKey ? { template: { key: row.templateKey, vars: row.templateVars ?? {}, ...(provider ? { provider } : {}) } } : {}),
});

/** A rate of its own that some rows keep besides their channel's: a campaign's messages per second. */
export interface Pace { key: string; ratePerSecond: number }

export interface ProviderTemplateRef { code: string; params: Record<string, string> }

export type SendMetrics = Pick<HuixinMetrics, 'sendCall' | 'sent'>;

/**
 * Sends claimed rows through their channel's provider, at no more than the channel's rate, and records how each
 * ended. One row at a time (`one`) or, for providers that take them, several in one call (`batch`).
 */
export class OutboxDelivery {
  private readonly recorder: OutboxRecorder;

  constructor(private readonly ds: DataSource, private readonly bus: EventBus, private readonly clock: Clock,
    private readonly log: Logger, private readonly opts: { maxAttempts: number; pacer?: ChannelPacer; metrics: SendMetrics | null }) {
    this.recorder = new OutboxRecorder(ds);
  }

  async one(out: Outgoing, route: ChannelRoute, campaignPace?: Pace): Promise<void> {
    const { provider } = route;
    try {
      // After a crash mid-send, ask the provider whether the dead sender's attempt went, so it never goes twice.
      const already = out.recovering && provider.findSent ? await provider.findSent(out.sms, out.row.updatedAt) : null;
      if (already) return await this.succeeded(out, { providerMessageId: already, status: 'sent' }, route);
      if (!(await this.paceWhileHeld(route, [out], campaignPace))) return;
      await this.succeeded(out, await this.timed(route, () => provider.send(out.sms)), route);
    } catch (err) {
      await this.failed(out, err, route);
    }
  }

  /**
   * One provider call for rows sharing a batch key: a slot charged per message, a per-message ProviderError failing
   * only that row, a thrown error failing every row as it would fail a single send.
   */
  async batch(outs: Outgoing[], route: ChannelRoute, campaignPace?: Pace): Promise<void> {
    let answers: Array<SendResult | ProviderError>;
    try {
      if (!(await this.paceWhileHeld(route, outs, campaignPace))) return;
      answers = await this.timed(route, () => route.provider.sendBatch!(outs.map((o) => o.sms)));
    } catch (err) {
      await Promise.all(outs.map((out) => this.failed(out, err, route)));
      return;
    }
    // Recorded together: the recorder writes them in one transaction.
    await Promise.all(outs.map((out, i) => {
      const answer = answers[i] ?? new ProviderError('The provider gave no answer for this message', true, 'internal');
      return answer instanceof ProviderError ? this.failed(out, answer, route) : this.succeeded(out, answer, route);
    }));
  }

  /** Records a row that goes to nobody: the contact opted out of SMS, or of marketing and this is a marketing campaign's text. */
  refuse(out: Outgoing, why: 'opted_out' | 'marketing_opted_out', route: ChannelRoute): Promise<void> {
    this.opts.metrics?.sent(route.provider.name, 'refused');
    const errorMessage = why === 'opted_out' ? 'The contact has opted out of SMS' : 'The contact has refused marketing texts';
    return this.finish(out, { status: 'refused', errorCode: why, errorMessage, leaseUntil: null });
  }

  /**
   * Waits for the campaign's slot (when it has a rate), then the channel's: on the same shared timelines, so a
   * campaign keeps its rate on every node together and after a restart's backlog. A slow slot may come after the
   * rows' lease has run out, when another sender may already be recovering them: then they are given back unsent
   * (false) rather than sent twice.
   */
  private async paceWhileHeld(route: ChannelRoute, outs: Outgoing[], campaignPace?: Pace): Promise<boolean> {
    const { pacer } = this.opts;
    if (!pacer || (!route.ratePerSecond && !campaignPace)) return true;
    if (campaignPace) await pacer.wait(campaignPace.key, campaignPace.ratePerSecond, outs.length);
    if (route.ratePerSecond) await pacer.wait(route.key, route.ratePerSecond, outs.length);
    const held = outs.every((o) => (o.row.leaseUntil?.getTime() ?? 0) - this.clock.now().getTime() > LEASE_MARGIN_MS);
    if (!held) await releaseClaims(this.ds, outs.map((o) => o.row), this.clock.now());
    return held;
  }

  /** A provider call, timed for /metrics whether it answers or throws: a failing provider's slowness is worth seeing too. */
  private async timed<T>(route: ChannelRoute, call: () => Promise<T>): Promise<T> {
    if (!this.opts.metrics) return call();
    const start = process.hrtime.bigint();
    try {
      return await call();
    } finally {
      this.opts.metrics.sendCall(route.provider.name, Number(process.hrtime.bigint() - start) / 1e9);
    }
  }

  /**
   * The provider took it: its billed parts are the provider's count or ours (a receipt may correct them), and a
   * provider that answers "delivered" (loopback) has given its final receipt with the answer.
   */
  private succeeded(out: Outgoing, result: SendResult, route: ChannelRoute): Promise<void> {
    this.opts.metrics?.sent(route.provider.name, 'sent');
    const now = this.clock.now();
    const status = result.status ?? 'sent';
    return this.finish(out, {
      status, providerMessageId: result.providerMessageId, sentAt: now, leaseUntil: null, errorCode: null, errorMessage: null,
      billedSegments: result.billedSegments || estimatedSegments(out.row.body, route.provider.name, route.signName),
      ...(status === 'delivered' ? { receiptAt: now } : {}),
    });
  }

  private async failed(out: Outgoing, err: unknown, route: ChannelRoute): Promise<void> {
    const { row } = out;
    const e = err instanceof ProviderError ? err : new ProviderError((err as Error).message, true, 'internal');
    const retry = e.retryable && row.attempts < this.opts.maxAttempts;
    this.opts.metrics?.sent(route.provider.name, retry ? 'retrying' : 'failed');
    this.log.warn({ messageId: row.id, code: e.code, retry, attempts: row.attempts, channel: route.key }, 'provider send failed');
    // The provider says we are too fast: the whole channel pauses, not just this message.
    if (e.code && THROTTLED.has(e.code)) await this.opts.pacer?.backOff(route.key, THROTTLE_PAUSE_MS);
    const failure: MessageChanges = {
      status: retry ? 'queued' : 'failed', errorCode: e.code ?? null, errorMessage: e.message.slice(0, 255), leaseUntil: null,
      nextAttemptAt: retry ? new Date(this.clock.now().getTime() + backoffMs(row.attempts)) : null,
    };
    // Twilio 21610: the carrier refuses this number because it opted out; that is an opt-out of ours too, with proof.
    const optOut = e.optedOut
      ? { kind: 'opt_out' as const, source: 'provider' as const, messageId: row.id, detail: `${route.provider.name} error ${e.code ?? 'opted out'}`, at: this.clock.now() }
      : undefined;
    await this.finish(out, failure, optOut);
  }

  /**
   * Records how the delivery ended, with the report counts it moves and any opt-out it revealed, in one transaction
   * shared with the other sends ending now (outbox-recorder.ts). A row no longer `sending` (a sender that took it over
   * after this one's lease ran out) is not changed or counted.
   */
  private async finish(out: Outgoing, changes: MessageChanges, optOut?: ConsentChange): Promise<void> {
    const { row, contact } = out;
    await this.recorder.record({ row, contact, before: counted(row), changes, optOut });
    Object.assign(row, changes);
    this.bus.emit('message:updated', toMessageView(row, contact.phone));
  }
}
