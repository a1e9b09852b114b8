import { IsNull, LessThan, LessThanOrEqual, Or, type DataSource, type EntityManager } from 'typeorm';
import { ProviderError, type SmsProvider } from '../channels/sms-provider';
import { recordConsentChange, type ConsentChange } from '../contacts/consent';
import { Contact, Message } from '../db/entities';
import { inTransaction } from '../db/transaction';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { toMessageView } from './views';

export interface OutboxSenderOptions {
  pollMs: number;
  maxAttempts?: number;       // default 6: ~1 min of retrying before a reply is marked failed
  leaseMs?: number;           // how long a claim lasts before another sender may recover it
  batchSize?: number;
}

type MessageChanges = Partial<Omit<Message, 'decision'>>;

const backoffMs = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 60_000);

/**
 * Delivers queued outbound rows. A row is claimed by a compare-and-set UPDATE (status and lease), which is atomic on
 * SQLite and MariaDB alike, so several senders on several nodes never send one row twice. A row whose lease expired
 * belongs to a sender that died mid-send; before sending it again we ask the provider whether it already went.
 */
export class OutboxSender {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;   // until start(), nothing wakes it: tests drive drain() by hand
  private stopping = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly ds: DataSource, private readonly provider: SmsProvider, private readonly bus: EventBus,
    private readonly clock: Clock, private readonly log: Logger, private readonly opts: OutboxSenderOptions) {
    this.unsubscribe = bus.on('outbox:queued', () => this.wake());
  }

  start(): void {
    this.started = true;
    this.wake();
  }

  /** Finishes the delivery in flight, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
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

  /** Sends everything due now; resolves when nothing is left. Tests call it directly. */
  async drain(): Promise<void> {
    for (;;) {
      const due = await this.findDue();
      if (due.length === 0) return;
      for (const row of due) {
        if (this.stopping) return;
        const claimedWithExpiredLease = row.status === 'sending';
        if (await this.claim(row)) await this.deliver(row, claimedWithExpiredLease);
      }
    }
  }

  private findDue(): Promise<Message[]> {
    const now = this.clock.now();
    return this.ds.manager.find(Message, {
      where: [
        { direction: 'out', status: 'queued', nextAttemptAt: Or(IsNull(), LessThanOrEqual(now)) },
        { direction: 'out', status: 'sending', leaseUntil: LessThan(now) },
      ],
      order: { id: 'ASC' },
      take: this.opts.batchSize ?? 20,
    });
  }

  private async claim(row: Message): Promise<boolean> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + (this.opts.leaseMs ?? 30_000));
    const previousLease = row.leaseUntil;
    const qb = this.ds.createQueryBuilder().update(Message).set({ status: 'sending', leaseUntil, attempts: () => 'attempts + 1' })
      .where('id = :id AND status = :status', { id: row.id, status: row.status });
    if (row.status === 'sending') qb.andWhere('lease_until = :previousLease', { previousLease });
    const result = await qb.execute();
    if (result.affected !== 1) return false;
    Object.assign(row, { status: 'sending', leaseUntil, attempts: row.attempts + 1 });
    return true;
  }

  private async deliver(row: Message, recovering: boolean): Promise<void> {
    const contact = await this.ds.manager.findOneByOrFail(Contact, { id: row.contactId });
    if (contact.optedOut && !row.compliance) {
      return this.finish(row, contact, { status: 'refused', errorCode: 'opted_out', errorMessage: 'The contact has opted out of SMS', leaseUntil: null });
    }
    const sms = { messageId: row.id, to: contact.phone, body: row.body };
    try {
      const already = recovering && this.provider.findSent ? await this.provider.findSent(sms, row.updatedAt) : null;
      const result = already ? { providerMessageId: already, status: 'sent' as const } : await this.provider.send(sms);
      await this.finish(row, contact, {
        status: result.status ?? 'sent', providerMessageId: result.providerMessageId, sentAt: this.clock.now(), leaseUntil: null, errorCode: null, errorMessage: null,
      });
    } catch (err) {
      const e = err instanceof ProviderError ? err : new ProviderError((err as Error).message, true, 'internal');
      const retry = e.retryable && row.attempts < (this.opts.maxAttempts ?? 6);
      this.log.warn({ messageId: row.id, code: e.code, retry, attempts: row.attempts }, 'provider send failed');
      const failure: MessageChanges = {
        status: retry ? 'queued' : 'failed', errorCode: e.code ?? null, errorMessage: e.message.slice(0, 255), leaseUntil: null,
        nextAttemptAt: retry ? new Date(this.clock.now().getTime() + backoffMs(row.attempts)) : null,
      };
      // Twilio 21610: the carrier refuses this number because it opted out; that is an opt-out of ours too, with proof.
      const optOut = e.optedOut
        ? { kind: 'opt_out' as const, source: 'provider' as const, messageId: row.id, detail: `${this.provider.name} error ${e.code ?? 'opted out'}`, at: this.clock.now() }
        : undefined;
      await this.finish(row, contact, failure, optOut);
    }
  }

  /** Records how the delivery ended; an opt-out it revealed commits in the same transaction, never one without the other. */
  private async finish(row: Message, contact: Contact, changes: MessageChanges, optOut?: ConsentChange): Promise<void> {
    const store = (em: EntityManager) => em.update(Message, { id: row.id, status: 'sending' }, changes);
    if (optOut) {
      await inTransaction(this.ds, async (em) => { await store(em); await recordConsentChange(em, contact, optOut); });
    } else {
      await store(this.ds.manager);
    }
    Object.assign(row, changes);
    this.bus.emit('message:updated', toMessageView(row, contact.phone));
  }
}
