import { In, type DataSource } from 'typeorm';
import type { ChannelPacer } from '../channels/channel-pacer';
import type { ChannelRegistry, ChannelRoute } from '../channels/channel-registry';
import { Campaign, Contact, type Channel, type Message } from '../db/entities';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { claimDue, postponeClaims, releaseClaims, type Claimed } from './outbox-claim';
import { campaignOfTemplate } from '../campaigns/campaign-provider-template';
import { OutboxDelivery, outboundSms, type Outgoing, type Pace, type ProviderTemplateRef, type SendMetrics } from './outbox-delivery';
import { WorkPool } from './work-pool';

export interface OutboxSenderOptions {
  pollMs: number;
  maxAttempts?: number;       // default 6: ~1 min of retrying before a reply is marked failed
  leaseMs?: number;           // how long a claim lasts before another sender may recover it
  /** Rows claimed per statement; default twice the concurrency, so the next claim is made while sends are in flight. */
  batchSize?: number;
  /** Sends (or provider batch calls) in flight at once on this node; default DEFAULT_OUTBOX_CONCURRENCY. */
  concurrency?: number;
  /** Keeps each channel under its rate; without one (tests of retries), channels are not paced. */
  pacer?: ChannelPacer;
  /** Send times and outcomes for /metrics; null or absent when metrics are off. */
  metrics?: SendMetrics | null;
}

/**
 * Sends in flight at once on one node when OUTBOX_CONCURRENCY does not say: a provider answering in 50 ms then allows
 * ~5,000 sends a second, so the node's CPU, not waiting, is what limits it (bench:outbox-send); a channel's rate
 * still holds through the pacer.
 */
export const DEFAULT_OUTBOX_CONCURRENCY = 256;

/**
 * One provider call to make: a single row, or rows that share a provider batch; `refused`: a row sent to nobody;
 * `campaignPace`: the rows' campaign has a rate of its own.
 */
interface Job { route: ChannelRoute; outs: Outgoing[]; refused?: 'opted_out' | 'marketing_opted_out'; campaignPace?: Pace }

/**
 * A paced campaign's rows are written due one second's worth at a time (write-batch.ts); after an outage many seconds
 * are due at once. A claim keeps this many seconds of them, to wait for the campaign's pacer slots, and spreads the
 * rest out again, so a backlog neither bursts past the rate nor fills the sender's pool ahead of the replies.
 */
const PACED_SECONDS_AHEAD = 2;

/**
 * What the inbound pipeline needs to hand the bot's replies to this node's sender (receive-inbound.ts) instead of
 * queueing them to be claimed back: written `sending` under the lease `leaseFor` gives, inside the text's transaction,
 * and taken after its commit. A claim would cost the sender a locking read, an UPDATE and a read of the contacts per
 * batch (on MariaDB ~a fifth of a webhook's statement time); the rows and contacts are in memory already. A node that
 * dies before sending them leaves them to lease recovery, as it would rows it had claimed.
 */
export interface ReplyHandOff {
  /** The lease a reply written at `now` is held under for this sender; null when it takes none (not started, stopping). */
  leaseFor(now: Date): Date | null;
  /** After commit: rows written `sending` under a lease `leaseFor` gave, with their contacts as the transaction left them. */
  take(handed: Claimed[]): void;
}

/** Claims that took nothing while rows were due (held by another transaction) before a drain leaves them to the poll: ~1 s in all. */
const HELD_RETRIES = 8;
const HELD_PAUSE_MS = 25;

/**
 * Delivers queued outbound rows. Rows are claimed in batches (outbox-claim.ts: reply lane first, never one row held by
 * two senders on any node), their contacts read in one query, and up to `concurrency` sends are in flight at once,
 * each waiting for its channel's pacer slot, so a node is held back by its channels' rates rather than by its own
 * round trips. How each send ended is stored together with the others ending at the same time (outbox-recorder.ts). A row whose lease expired belongs to a sender that died mid-send; before sending it again we ask the
 * provider whether it already went.
 */
export class OutboxSender implements ReplyHandOff {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;   // until start(), nothing wakes it: tests drive drain() by hand
  private stopping = false;
  private readonly unsubscribe: () => void;
  private readonly delivery: OutboxDelivery;
  /** Every send in flight on this node, claimed or handed over: `concurrency` at most. */
  private readonly pool: WorkPool;
  /** Each take() until its rows are started or given back (the sender stopping when their transaction committed). */
  private readonly handing = new Set<Promise<void>>();
  /** The sends of handed-over rows in flight. */
  private readonly handedSends = new Set<Promise<void>>();
  /** Each campaign's category: fixed once it leaves draft, so read once per node rather than with every claim. */
  private readonly categories = new Map<number, string>();
  /** Each campaign's approved provider template (null: none), read once per node: a campaign cannot change after its draft. */
  private readonly providerTemplates = new Map<number, ProviderTemplateRef | null>();
  /** Each campaign's messages per second (null: as fast as its channel), fixed once it leaves draft like the rest. */
  private readonly campaignRates = new Map<number, number | null>();

  constructor(private readonly ds: DataSource, private readonly channels: ChannelRegistry, bus: EventBus,
    private readonly clock: Clock, private readonly log: Logger, private readonly opts: OutboxSenderOptions) {
    this.unsubscribe = bus.on('outbox:queued', () => this.wake());
    this.delivery = new OutboxDelivery(ds, bus, clock, log, { maxAttempts: opts.maxAttempts ?? 6, pacer: opts.pacer, metrics: opts.metrics ?? null });
    this.pool = new WorkPool(opts.concurrency ?? DEFAULT_OUTBOX_CONCURRENCY, (err) => this.log.error({ err }, 'outbox delivery failed'));
  }

  start(): void {
    this.started = true;
    this.wake();
  }

  /** Finishes the deliveries in flight, gives back rows claimed or handed over but not yet started, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.pool.idle();
    await this.settled();
  }

  /**
   * Resolves once replies handed over after stop() began are given back (their transactions were under way): called
   * again once in-flight requests have ended, before the database closes (huixin.ts). One not given back is recovered
   * by another node when its lease runs out.
   */
  async settled(): Promise<void> {
    while (this.handing.size) await Promise.all([...this.handing]);
  }

  leaseFor(now: Date): Date | null {
    return this.started && !this.stopping ? new Date(now.getTime() + this.leaseMs) : null;
  }

  take(handed: Claimed[]): void {
    if (!handed.length) return;
    const jobs = this.stopping ? Promise.resolve([]) : this.channels.refresh().then((active) => this.plan(handed, active));
    const started = jobs.then(async (planned) => {
      const sent = new Set<Claimed['row']>();
      for (const job of planned) {
        await this.pool.room();
        if (this.stopping) break;
        job.outs.forEach((o) => sent.add(o.row));
        const sending = this.pool.start(() => this.run(job));
        this.handedSends.add(sending);
        void sending.finally(() => this.handedSends.delete(sending));
      }
      const unsent = handed.map((h) => h.row).filter((row) => !sent.has(row));
      if (unsent.length) await releaseClaims(this.ds, unsent, this.clock.now());
    }).catch((err) => this.log.error({ err }, 'handed-over replies not sent; their leases will return them'));
    // Until every job has started or been given back, stop() must wait for it, as for a drain's claim.
    this.handing.add(started);
    void started.finally(() => this.handing.delete(started));
  }

  wake(): void {
    if (!this.started || this.stopping) return;
    if (this.running) { this.again = true; return; }
    if (this.timer) clearTimeout(this.timer);
    this.running = this.drain().catch((err) => this.log.error({ err }, 'outbox drain failed')).finally(() => {
      this.running = null;
      if (this.stopping) return;
      if (this.again) { this.again = false; this.wake(); return; }
      this.timer = setTimeout(() => this.wake(), this.opts.pollMs);
    });
  }

  /**
   * Sends everything due now; resolves when nothing is left. Tests call it directly. A drain already under way (a
   * queued text woke the sender) holds the rows it claimed until their sends are recorded, so this one waits for it
   * (and any it chains) first: otherwise it found nothing to claim and resolved while those sends were unrecorded,
   * and a status callback posted next found no text with its provider id (e2e/dashboard on MariaDB: a delivered
   * survey not counted).
   */
  async drain(): Promise<void> {
    while (this.running) await this.running;
    // Replies handed over before this drain was asked for are due now as much as queued ones: it ends after them too.
    const handedBefore = [...this.handing, ...this.handedSends];
    const concurrency = this.opts.concurrency ?? DEFAULT_OUTBOX_CONCURRENCY;
    // The sends this drain started: it resolves when they are recorded, not when the handed-over ones are too.
    const mine = new Set<Promise<void>>();
    let heldElsewhere = 0;
    try {
      while (!this.stopping) {
        const claim = await claimDue(this.ds, this.clock.now(), this.leaseMs, this.opts.batchSize ?? concurrency * 2);
        const claimed = await this.spreadPacedBacklog(claim.claimed);
        // The claim read the channels' version with the batch's contacts: a PATCH committed before the claim applies to this batch.
        const jobs = claimed.length ? await this.plan(claimed, await this.channels.activeAt(claim.channelsVersion)) : [];
        for (const [i, job] of jobs.entries()) {
          await this.pool.room();
          if (this.stopping) { await releaseClaims(this.ds, jobs.slice(i).flatMap((j) => j.outs.map((o) => o.row)), this.clock.now()); break; }
          const sending = this.pool.start(() => this.run(job));
          mine.add(sending);
          void sending.finally(() => mine.delete(sending));
        }
        // This claim took every row due (outbox-claim.ts says how it knows): claiming again now would find none. A row
        // queued meanwhile wakes the sender again (outbox:queued sets `again`), one due later is found by the poll.
        if (claim.exhausted) break;
        // Nothing taken, yet rows are due: another transaction holds them (another sender's claim, which may not take
        // them all). Claim again once it has let go; after HELD_RETRIES tries the poll takes over.
        if (claim.claimed.length) heldElsewhere = 0;
        else if (++heldElsewhere > HELD_RETRIES) break;
        else await new Promise((resolve) => setTimeout(resolve, HELD_PAUSE_MS * heldElsewhere));
      }
    } finally {
      while (mine.size) await Promise.all([...mine]);
      await Promise.all(handedBefore);
      await Promise.all([...this.handedSends]);
    }
  }

  private get leaseMs(): number {
    return this.opts.leaseMs ?? 30_000;
  }

  /**
   * Why a row must not go: the contact opted out (compliance confirmations excepted), or refused marketing after a
   * marketing campaign queued this text (issue 16: the refusal holds from the moment it is made, not from the next campaign).
   */
  private refusal(row: Message, contact: Contact): Job['refused'] {
    if (contact.optedOut && !row.compliance) return 'opted_out';
    if (row.campaignId != null && contact.marketingOptedOut && this.categories.get(row.campaignId) === 'marketing') return 'marketing_opted_out';
    return undefined;
  }

  private async learnCategories(claimed: Claimed[]): Promise<void> {
    // A campaign's texts name it by campaign_id; a test send names only its template (`campaign:<id>`).
    const named = claimed.flatMap((c) => [c.row.campaignId, campaignOfTemplate(c.row.templateKey)]);
    const unknown = [...new Set(named.filter((id): id is number => id != null && !this.categories.has(id)))];
    if (!unknown.length) return;
    const rows = await this.ds.manager.find(Campaign, { select: { id: true, category: true, providerTemplate: true, ratePerSecond: true }, where: { id: In(unknown) } });
    for (const c of rows) {
      this.categories.set(c.id, c.category);
      this.campaignRates.set(c.id, c.ratePerSecond);
      this.providerTemplates.set(c.id, c.providerTemplate ? { code: c.providerTemplate.code, params: c.providerTemplate.params } : null);
    }
  }

  /** The claim without the part of a paced campaign's backlog beyond PACED_SECONDS_AHEAD, which is given back for later. */
  private async spreadPacedBacklog(claimed: Claimed[]): Promise<Claimed[]> {
    await this.learnCategories(claimed);
    const kept: Claimed[] = [];
    const later: Array<{ row: Message; at: Date }> = [];
    const seen = new Map<number, number>();
    const now = this.clock.now().getTime();
    for (const c of claimed) {
      const rate = c.row.campaignId == null ? null : this.campaignRates.get(c.row.campaignId) ?? null;
      if (!rate) { kept.push(c); continue; }
      const n = seen.get(c.row.campaignId!) ?? 0;
      seen.set(c.row.campaignId!, n + 1);
      const beyond = n - Math.ceil(rate * PACED_SECONDS_AHEAD);
      if (beyond < 0) kept.push(c);
      else later.push({ row: c.row, at: new Date(now + (PACED_SECONDS_AHEAD + Math.floor(beyond / rate)) * 1000) });
    }
    if (later.length) await postponeClaims(this.ds, later);
    return kept;
  }

  /**
   * Groups claimed rows into provider calls over the `active` channels; opted-out contacts (as the claim read them, or
   * the handing transaction left them) are refused here, sending nothing.
   */
  private async plan(claimed: Claimed[], active: Channel[]): Promise<Job[]> {
    await this.learnCategories(claimed);
    const jobs: Job[] = [];
    const batches = new Map<string, Job>();
    for (const { row, contact, recovering } of claimed) {
      const out: Outgoing = { row, contact, sms: outboundSms(row, contact, this.providerTemplates.get(campaignOfTemplate(row.templateKey) ?? -1)), recovering };
      const route = this.channels.routeAmong(active, row.channelId);
      const refused = this.refusal(row, contact);
      if (refused) { jobs.push({ route, outs: [out], refused }); continue; }
      const { provider } = route;
      const rate = row.campaignId == null ? null : this.campaignRates.get(row.campaignId) ?? null;
      const campaignPace = rate ? { key: `campaign-${row.campaignId}`, ratePerSecond: rate } : undefined;
      // Only campaign rows share provider calls; a recovered row goes alone, after asking whether it already went.
      const key = row.lane === 'bulk' && !recovering && provider.sendBatch ? provider.batchKey?.(out.sms) ?? null : null;
      if (key === null) { jobs.push({ route, outs: [out], campaignPace }); continue; }
      const groupKey = `${route.key}\u0000${row.campaignId}\u0000${key}`;
      let job = batches.get(groupKey);
      if (!job || job.outs.length >= (provider.maxBatch ?? 100)) {
        job = { route, outs: [], campaignPace };
        batches.set(groupKey, job);
        jobs.push(job);
      }
      job.outs.push(out);
    }
    return jobs;
  }

  private async run({ route, outs, refused, campaignPace }: Job): Promise<void> {
    // A row that waited so long for its turn that its lease is nearly out would race its own recovery: give it back.
    const late = outs.filter((o) => (o.row.leaseUntil?.getTime() ?? 0) - this.clock.now().getTime() < this.leaseMs / 2);
    if (late.length) await releaseClaims(this.ds, late.map((o) => o.row), this.clock.now());
    const fresh = outs.filter((o) => !late.includes(o));
    if (!fresh.length) return;
    if (fresh.length > 1) return this.delivery.batch(fresh, route, campaignPace);
    const [out] = fresh;
    return refused ? this.delivery.refuse(out, refused, route) : this.delivery.one(out, route, campaignPace);
  }
}
