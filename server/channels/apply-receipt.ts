import { In, type EntityManager } from 'typeorm';
import { recordConsentChange } from '../contacts/consent';
import type { InboundDeps } from '../conversations/receive-inbound';
import { toMessageView } from '../conversations/views';
import { Contact, Message, type MessageStatus } from '../db/entities';
import { publishAfterCommit } from '../events/after-commit';
import { movesForward } from '../inbox/message-status';
import { isRecoveredId, perNumberId } from './provider-ids';
import { isMysql } from '../db/data-source';
import { countMessageChanges } from '../reports/message-rollups';
import { counted, type CountedMessage } from '../reports/rollup-keys';
import { updateRow } from '../db/update-row';

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

/** A message a batch's receipts name, as it was before them, and whether they changed it. */
interface Touched { message: Message; before: CountedMessage; unrecorded: boolean; changed: boolean; receipts: number[] }

/**
 * The messages `receipts` name, in one read per kind of id: the provider's id first (and, for a batch's shared id,
 * with the number the receipt is for); our own id echoed back (OutId, SessionContext) when the provider id was never
 * stored (a receipt racing the sender's write), or is a stand-in from a lookup after a crash, or the receipt names
 * none. The echoed id is the sender's text, so it never overrides a provider id that points elsewhere. Answers each
 * receipt's message (undefined: not ours, or pruned).
 */
async function findReceiptMessages(em: EntityManager, receipts: Receipt[]): Promise<Array<Message | undefined>> {
  // Locked on MariaDB: two receipts for one text on two nodes (sent, delivered) must move its report counts one after
  // the other, each from what the other left. (SQLite's writers already take turns.)
  const lock = isMysql(em.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {};
  const idsOf = (r: Receipt) => (r.providerMessageId ? [r.providerMessageId, ...(r.recipient ? [perNumberId(r.providerMessageId, r.recipient)] : [])] : []);
  const byProviderId = new Map<string, Message>();
  for (const [provider, ids] of perProvider(receipts, idsOf)) {
    for (const m of await em.find(Message, { where: { provider, providerMessageId: In(ids) }, ...lock })) byProviderId.set(`${provider}\u0000${m.providerMessageId}`, m);
  }
  const found = receipts.map((r) => idsOf(r).map((id) => byProviderId.get(`${r.provider}\u0000${id}`)).find(Boolean));
  const byOurId = new Map<number, Message>();
  const unfound = receipts.filter((r, i) => !found[i] && r.messageId);
  for (const [provider, ids] of perProvider(unfound, (r) => [r.messageId!])) {
    for (const m of await em.find(Message, { where: { id: In(ids), provider, direction: 'out' }, ...lock })) byOurId.set(m.id, m);
  }
  return receipts.map((r, i) => {
    if (found[i] || !r.messageId) return found[i];
    const ours = byOurId.get(r.messageId);
    if (!ours || ours.provider !== r.provider || (r.providerMessageId && ours.providerMessageId && !isRecoveredId(ours.providerMessageId))) return undefined;
    // One object per row, whichever id found it, so receipts for one text apply one after another.
    return byProviderId.get(`${ours.provider}\u0000${ours.providerMessageId}`) ?? ours;
  });
}

/** The distinct ids `ids` gives for the receipts of each provider. */
function perProvider<T>(receipts: Receipt[], ids: (r: Receipt) => T[]): Map<string, T[]> {
  const out = new Map<string, Set<T>>();
  for (const r of receipts) {
    let set = out.get(r.provider);
    if (!set) out.set(r.provider, set = new Set());
    for (const id of ids(r)) set.add(id);
  }
  return new Map([...out].map(([provider, set]) => [provider, [...set]]));
}

/**
 * How long a receipt found by our id waits for the sender to store its send (the provider's id, when it left, its
 * billed parts): the sender records the provider's answers in batches, a few milliseconds after they come, and a
 * receipt sent at once can arrive in between. Past this the sender is taken to be gone and the receipt records the
 * send itself.
 */
const SENDER_RECORD_WAIT_MS = 3_000;
const SENDER_RECORD_POLL_MS = 25;

/**
 * One provider status report applied to its message; a report for a message we don't know is ignored (true = found).
 * `receivedAt` (ms): when the request carrying it came — a batch's receipts share one wait, not one each.
 */
export async function applyReceipt(deps: InboundDeps, receipt: Receipt, receivedAt = Date.now(), together?: string): Promise<boolean> {
  return (await applyReceipts(deps, [receipt], receivedAt, together))[0]!;
}

/**
 * A provider's batch of status reports applied in order, in one transaction: their messages and contacts read once,
 * each changed message written and counted once (a report of 1,000 receipts was 1,000 transactions, each with its
 * reads and its campaign text's count). Answers, per receipt, whether its message was found. Receipts for a message
 * the sender has yet to store wait for it (at most SENDER_RECORD_WAIT_MS from `receivedAt`); the others do not wait
 * with them. `together`: the customer's number, when the receipts may commit with other transactions arriving at the same
 * moment (publishAfterCommit); never with another of that number.
 */
export async function applyReceipts(deps: InboundDeps, receipts: Receipt[], receivedAt = Date.now(), together?: string): Promise<boolean[]> {
  const found: boolean[] = receipts.map(() => false);
  const waitUntil = receivedAt + SENDER_RECORD_WAIT_MS;
  let pending = receipts.map((_, i) => i);
  for (;;) {
    const waiting = await applyOnce(deps, pending.map((i) => receipts[i]!), Date.now() >= waitUntil, together);
    pending.forEach((i, at) => { found[i] = waiting.found[at]!; });
    if (!waiting.left.length) return found;
    pending = waiting.left.map((at) => pending[at]!);
    await new Promise((resolve) => setTimeout(resolve, SENDER_RECORD_POLL_MS));
  }
}

/** Applies what it can of `receipts`; `left`: those (by place) whose message the sender has yet to store, to try again. */
async function applyOnce(deps: InboundDeps, receipts: Receipt[], senderGone: boolean, together?: string): Promise<{ found: boolean[]; left: number[] }> {
  return publishAfterCommit(deps.ds, async (em, events) => {
    const messages = await findReceiptMessages(em, receipts);
    const touched = new Map<number, Touched>();
    const left: number[] = [];
    messages.forEach((message, i) => {
      if (!message) return;
      let t = touched.get(message.id);
      // Still `sending` with no provider id: the provider has answered the send, the sender has not yet stored it. Its
      // record comes first (it counts the text sent, then this receipt moves it on) — a receipt applied now would leave
      // the row no longer `sending`, and the sender's record, which changes only rows still `sending`, would be lost.
      if (!t) touched.set(message.id, t = { message, before: counted(message), unrecorded: message.status === 'sending' && !message.providerMessageId, changed: false, receipts: [] });
      if (t.unrecorded && !senderGone) left.push(i); else t.receipts.push(i);
    });
    const applying = [...touched.values()].filter((t) => t.receipts.length);
    const contactIds = [...new Set(applying.map((t) => t.message.contactId))];
    const contacts = new Map((contactIds.length ? await em.findBy(Contact, { id: In(contactIds) }) : []).map((c) => [c.id, c]));
    const now = deps.clock.now();
    for (const t of applying) for (const i of t.receipts) t.changed = applyTo(t, receipts[i]!, now) || t.changed;
    const changed = applying.filter((t) => t.changed);
    for (const { message } of changed) await updateRow(em, Message, message.id, receiptColumns(message));
    await countMessageChanges(em, changed.map((t) => ({ before: t.before, after: t.message, contact: contacts.get(t.message.contactId)! })));
    for (const t of applying) {
      for (const i of t.receipts) {
        const optOut = receipts[i]!.optOut;
        if (optOut) await recordConsentChange(em, contacts.get(t.message.contactId)!, { kind: 'opt_out', source: 'provider', messageId: t.message.id, detail: optOut, at: now });
      }
    }
    events.push(() => {
      for (const { message } of applying) deps.bus.emit('message:updated', toMessageView(message, contacts.get(message.contactId)!.phone));
    });
    const isLeft = new Set(left);
    return { found: messages.map((m, i) => !!m && !isLeft.has(i)), left };
  }, together);
}

/** What a receipt changes of its message (true: something), after those before it in the batch. */
function applyTo(t: Touched, receipt: Receipt, now: Date): boolean {
  const { message } = t;
  let changed = false;
  // A stand-in id (found after a crash) gives way to the provider's own, so later receipts find it by that; so does
  // no id at all, from a sender that never stored its send.
  if (receipt.providerMessageId && (isRecoveredId(message.providerMessageId) || !message.providerMessageId)) {
    message.providerMessageId = receipt.providerMessageId.slice(0, 64);
    changed = true;
  }
  if (t.unrecorded && !message.sentAt) {
    message.sentAt = now;
    changed = true;
  }
  if (movesForward(message.status, receipt.status) && receipt.status !== message.status) {
    Object.assign(message, {
      status: receipt.status, errorCode: receipt.errorCode ?? message.errorCode,
      errorMessage: receipt.errorMessage === undefined ? message.errorMessage : receipt.errorMessage?.slice(0, 255) ?? null,
    });
    // The first final word on a sent text is its receipt latency; a late "delivered" after "failed" keeps the first.
    if (FINAL.has(receipt.status) && message.sentAt && !message.receiptAt) message.receiptAt = now;
    changed = true;
  }
  if (receipt.billedSegments !== undefined && receipt.billedSegments !== null && receipt.billedSegments !== message.billedSegments) {
    message.billedSegments = receipt.billedSegments;
    changed = true;
  }
  return changed;
}

/** The columns a receipt may change, as the message now has them. */
const receiptColumns = (m: Message): Partial<Message> => ({
  providerMessageId: m.providerMessageId, sentAt: m.sentAt, status: m.status, errorCode: m.errorCode, errorMessage: m.errorMessage,
  receiptAt: m.receiptAt, billedSegments: m.billedSegments,
});
