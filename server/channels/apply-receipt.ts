import type { EntityManager } from 'typeorm';
import { recordConsentChange } from '../contacts/consent';
import type { InboundDeps } from '../conversations/receive-inbound';
import { toMessageView } from '../conversations/views';
import { Contact, Message, type MessageStatus } from '../db/entities';
import { publishAfterCommit } from '../events/after-commit';
import { movesForward } from '../inbox/message-status';
import { isRecoveredId, perNumberId } from './provider-ids';
import { isMysql } from '../db/data-source';
import { countMessageChange } from '../reports/message-rollups';
import { counted } from '../reports/rollup-keys';

const FINAL: ReadonlySet<MessageStatus> = new Set(['delivered', 'undelivered', 'failed']);

export interface Receipt {
  provider: string;
  /** The provider's id for the send; `messageId` (our id echoed back: Aliyun OutId, Tencent SessionContext) wins when given. */
  providerMessageId: string | null;
  messageId?: number | null;
  /**
   * The number the receipt is for, as the provider writes it (Aliyun `phone_number`): with a batch's one provider
   * id (Aliyun's BizId for a SendBatchSms), it names the message sent to that number (perNumberId).
   */
  recipient?: string | null;
  status: MessageStatus;
  errorCode: string | null;
  errorMessage?: string | null;
  billedSegments?: number | null;
  /** The provider says this number refused us at the carrier: an opt-out of ours too, with its proof. */
  optOut?: string | null;
}

/**
 * The provider's id first (and, for a batch's shared id, with the number the receipt is for); our own id echoed back
 * (OutId, SessionContext) when the provider id was never stored (a receipt racing the sender's write), or is a
 * stand-in from a lookup after a crash, or the receipt names none. The echoed id is the sender's text, so it never
 * overrides a provider id that points elsewhere.
 */
async function findReceiptMessage(em: EntityManager, receipt: Receipt): Promise<Message | null> {
  const ids = receipt.providerMessageId
    ? [receipt.providerMessageId, ...(receipt.recipient ? [perNumberId(receipt.providerMessageId, receipt.recipient)] : [])]
    : [];
  // Locked on MariaDB: two receipts for one text on two nodes (sent, delivered) must move its report counts one after
  // the other, each from what the other left. (SQLite's writers already take turns.)
  const lock = isMysql(em.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {};
  for (const providerMessageId of ids) {
    const byProviderId = await em.findOne(Message, { where: { provider: receipt.provider, providerMessageId }, ...lock });
    if (byProviderId) return byProviderId;
  }
  if (!receipt.messageId) return null;
  const byOurId = await em.findOne(Message, { where: { id: receipt.messageId, provider: receipt.provider, direction: 'out' }, ...lock });
  if (!byOurId || (receipt.providerMessageId && byOurId.providerMessageId && !isRecoveredId(byOurId.providerMessageId))) return null;
  return byOurId;
}

/**
 * How long a receipt found by our id waits for the sender to store its send (the provider's id, when it left, its
 * billed parts): the sender records the provider's answers in batches, a few milliseconds after they come, and a
 * receipt sent at once can arrive in between. Past this the sender is taken to be gone and the receipt records the
 * send itself.
 */
const SENDER_RECORD_WAIT_MS = 3_000;
const SENDER_RECORD_POLL_MS = 25;
const SENDER_RECORDING = Symbol('the sender has yet to store this send');

/**
 * One provider status report applied to its message; a report for a message we don't know is ignored (true = found).
 * `receivedAt` (ms): when the request carrying it came — a batch's receipts share one wait, not one each.
 */
export async function applyReceipt(deps: InboundDeps, receipt: Receipt, receivedAt = Date.now()): Promise<boolean> {
  const waitUntil = receivedAt + SENDER_RECORD_WAIT_MS;
  for (;;) {
    const applied = await applyOnce(deps, receipt, Date.now() >= waitUntil);
    if (applied !== SENDER_RECORDING) return applied;
    await new Promise((resolve) => setTimeout(resolve, SENDER_RECORD_POLL_MS));
  }
}

async function applyOnce(deps: InboundDeps, receipt: Receipt, senderGone: boolean): Promise<boolean | typeof SENDER_RECORDING> {
  return publishAfterCommit(deps.ds, async (em, events) => {
    const message = await findReceiptMessage(em, receipt);
    if (!message) return false;   // not ours, or already pruned: the provider only needs its answer
    // Still `sending` with no provider id: the provider has answered the send, the sender has not yet stored it. Its
    // record comes first (it counts the text sent, then this receipt moves it on) — a receipt applied now would leave
    // the row no longer `sending`, and the sender's record, which changes only rows still `sending`, would be lost.
    const unrecorded = message.status === 'sending' && !message.providerMessageId;
    if (unrecorded && !senderGone) return SENDER_RECORDING;
    const contact = await em.findOneByOrFail(Contact, { id: message.contactId });
    const before = counted(message);
    let changed = false;
    // A stand-in id (found after a crash) gives way to the provider's own, so later receipts find it by that; so does
    // no id at all, from a sender that never stored its send.
    if (receipt.providerMessageId && (isRecoveredId(message.providerMessageId) || !message.providerMessageId)) {
      message.providerMessageId = receipt.providerMessageId.slice(0, 64);
      changed = true;
    }
    if (unrecorded && !message.sentAt) {
      message.sentAt = deps.clock.now();
      changed = true;
    }
    if (movesForward(message.status, receipt.status) && receipt.status !== message.status) {
      Object.assign(message, {
        status: receipt.status, errorCode: receipt.errorCode ?? message.errorCode,
        errorMessage: receipt.errorMessage === undefined ? message.errorMessage : receipt.errorMessage?.slice(0, 255) ?? null,
      });
      // The first final word on a sent text is its receipt latency; a late "delivered" after "failed" keeps the first.
      if (FINAL.has(receipt.status) && message.sentAt && !message.receiptAt) message.receiptAt = deps.clock.now();
      changed = true;
    }
    if (receipt.billedSegments !== undefined && receipt.billedSegments !== null && receipt.billedSegments !== message.billedSegments) {
      message.billedSegments = receipt.billedSegments;
      changed = true;
    }
    if (changed) {
      await em.save(message);
      await countMessageChange(em, before, message, contact);
    }
    if (receipt.optOut) {
      await recordConsentChange(em, contact, { kind: 'opt_out', source: 'provider', messageId: message.id, detail: receipt.optOut, at: deps.clock.now() });
    }
    events.push(() => deps.bus.emit('message:updated', toMessageView(message, contact.phone)));
    return true;
  });
}
