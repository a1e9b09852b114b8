import type { EntityManager } from 'typeorm';
import { indexHint } from '../db/index-hint';
import { isMysql } from '../db/data-source';
import { num, rawRows } from './raw-rows';
import { partsPerText, RESPONSE_HOURS, responseSql, RESPONSES, textGroupRows } from './campaign-figures';
import { campaignClassOf, campaignDeltas, campaignTextDeltas, type CampaignResponse, type CampaignText } from './campaign-keys';
import type { CountedMessage, RollupDelta } from './rollup-keys';
import { countRollups } from './rollup-store';
import { billedParts } from './sms-parts';
import { storedInstant, storedInstantOrNull } from './stored-values';

/**
 * The campaigns report's counts (campaign-keys.ts) kept in the writers' transactions, so a year reads a few thousand
 * roll-up rows instead of every campaign text with four look-ups each. A text's counts are a pure function of its row
 * and of the four responses as campaign-figures.ts `responseSql` finds them, read here by the very same SQL; every
 * change is "the text as it is now, minus as it was":
 * - its status, sent_at, parts or channel (countCampaignTextChanges, from countMessageChanges: the sender's outcomes and
 *   every receipt — a text that becomes delivered brings the responses it already has);
 * - a response (aroundCampaignResponse, around the write that makes it): a text of the person's (inbound, which is
 *   also the booking: its decision and answers_campaign_id are written with it), an opt-out (consent.ts), the first
 *   click on a short link (link-clicks.ts) — the person's delivered campaign texts it may concern are read before and
 *   after the write, and the difference counted;
 * - erasure, a merge of contacts, a contact's new language (campaignCountsOf): their texts counted again as they now
 *   are (erased ones gone) — the rows regroup them at once.
 * A cancel moves only texts that never left (queued, held → refused), which count nowhere here.
 * Known inexactness: a contacts import that overwrites a locale leaves that contact's campaign texts under the old
 * language until `npm run reports:rebuild` (the totals stay exact).
 */

const HOUR = 3_600_000;

type Raw = Record<string, unknown>;
type Fact = CampaignText & { id: number; body: string };

/** The columns a text's class and counts depend on: read locked on MariaDB by the response writers (see aroundCampaignResponse). */
const STATUS_COLUMNS = 'm.id AS id, m.status AS status, m.sent_at AS sentAt, m.updated_at AS failedAt, m.channel_id AS channelId, m.provider AS provider, m.billed_segments AS billed';

/**
 * The campaign texts `ids` as their counts need them, responses by campaign-figures.ts' own SQL (one statement).
 * `withResponses` false: a text that neither was nor is delivered, whose responses count nowhere (the sender's
 * outcome: queued → sent), is read without their four look-ups.
 */
async function campaignTexts(em: EntityManager, ids: number[], withResponses = true): Promise<Fact[]> {
  if (!ids.length) return [];
  const responses = responseSql(em);
  const rows = await rawRows<Raw>(em, `SELECT ${STATUS_COLUMNS}, m.body AS body, m.campaign_id AS campaignId, cr.variant AS variant, ct.locale AS language,
      ${RESPONSES.map((r) => (withResponses ? `CASE WHEN ${responses[r]} THEN 1 ELSE 0 END AS ${r}` : `0 AS ${r}`)).join(', ')}
    FROM messages m JOIN contacts ct ON ct.id = m.contact_id
      LEFT JOIN campaign_recipients cr ON cr.campaign_id = m.campaign_id AND cr.contact_id = m.contact_id
    WHERE m.id IN (:...ids) AND m.campaign_id IS NOT NULL`, { ids });
  return rows.map((r) => ({
    ...statusOf(r), body: String(r.body ?? ''), campaignId: Number(r.campaignId), variant: r.variant == null ? null : String(r.variant), language: String(r.language),
    parts: billedParts({ provider: String(r.provider), body: String(r.body ?? ''), billedSegments: r.billed == null ? null : num(r.billed) }),
    responses: Object.fromEntries(RESPONSES.map((k) => [k, num(r[k]) === 1])) as Record<CampaignResponse, boolean>,
  }));
}

const statusOf = (r: Raw) => ({
  id: Number(r.id), status: r.status as CampaignText['status'], sentAt: storedInstantOrNull(r.sentAt), failedAt: storedInstant(r.failedAt),
  channelId: r.channelId == null ? null : num(r.channelId),
});

/** Whether a status, parts or channel change moves a campaign text's counts (a claim, a pause, a queued cancel do not). */
function movesCampaignText(before: CountedMessage, after: CountedMessage): boolean {
  const [was, is] = [campaignClassOf(before.status, before.sentAt), campaignClassOf(after.status, after.sentAt)];
  if (was !== is) return true;
  return is !== null && is !== 'failed' && (before.billedSegments !== after.billedSegments || (before.channelId ?? null) !== (after.channelId ?? null) || before.provider !== after.provider);
}

/**
 * Campaign texts' status, parts or channel changed (message-rollups.ts countMessageChanges, after the rows' UPDATE,
 * in the writer's transaction): their counts move from `before` to the rows as they now are. Only the changes that
 * move them are read (the sender's outcomes, each receipt), all in one statement — two when some are made or unmade
 * delivered, which are read with their responses — not one per text: the sender records hundreds at once.
 */
export async function countCampaignTextChanges(em: EntityManager, changes: Array<{ before: CountedMessage; after: CountedMessage & { id?: number } }>): Promise<void> {
  const moving = changes.filter(({ before, after }) => after.direction === 'out' && after.campaignId && after.id !== undefined && movesCampaignText(before, after));
  if (!moving.length) return;
  const delivered = ({ before, after }: (typeof moving)[number]) => before.status === 'delivered' || after.status === 'delivered';
  const idsOf = (list: typeof moving) => list.map(({ after }) => after.id!);
  const facts = new Map([
    ...await campaignTexts(em, idsOf(moving.filter(delivered)), true),
    ...await campaignTexts(em, idsOf(moving.filter((c) => !delivered(c))), false),
  ].map((fact) => [fact.id, fact]));
  const deltas: RollupDelta[] = [];
  for (const { before, after } of moving) {
    const now = facts.get(after.id!);
    if (!now) continue;
    const was: CampaignText = {
      ...now, status: before.status, sentAt: before.sentAt, channelId: before.channelId ?? null,
      parts: billedParts({ provider: before.provider, body: now.body, billedSegments: before.billedSegments }),
    };
    deltas.push(...campaignTextDeltas(now, 1), ...campaignTextDeltas(was, -1));
  }
  await countRollups(em, deltas);
}

/**
 * A response by the person `contactId` at `at` — their text (which may be a booking answering `campaignId`), an opt-out,
 * a click on their link of `campaignId` — is written by `write`; the counts of their delivered campaign texts it may
 * concern move with it. Those are the texts of their thread sent less than 72 h before (a reply or an opt-out counts
 * within 72 h) or after (a text queued before the reply, sent after it), and `campaignId`'s (a booking or a click, at
 * any time). Each is read before and after the write by the same SQL, and the difference counted: exactly the
 * responses this write made count, once, whatever came before.
 *
 * On MariaDB their status is read with a shared lock (LOCK IN SHARE MODE: the latest committed, and no receipt can move
 * it until this commits). A receipt locks its text first (apply-receipt.ts) and reads responses after: whichever of
 * the two comes second sees the other, so a receipt arriving as the reply does counts the reply once.
 */
export async function aroundCampaignResponse<T>(em: EntityManager, who: { contactId: number; at: Date; campaignId?: number | null }, write: () => Promise<T>): Promise<T> {
  const ids = await deliveredTextsOf(em, who);
  if (!ids.length) return write();
  const before = await lockedTexts(em, ids);
  const result = await write();
  const after = await lockedTexts(em, ids);
  await countRollups(em, [...after.flatMap((t) => campaignTextDeltas(t, 1)), ...before.flatMap((t) => campaignTextDeltas(t, -1))]);
  return result;
}

/**
 * The person's delivered campaign texts a response may concern. On MariaDB their status is read locked, by id (LOCK
 * IN SHARE MODE: the latest committed, where the transaction's snapshot may predate a receipt), after a plain read
 * of the thread finds them whatever their status: a text still `sent` must be held too, so that its receipt waits for
 * this response and then sees it, and locking by id takes no gap of the thread's index (a locking read along it held
 * up every new customer's first reply in a burst, and MariaDB lets go of rows a locking read finds not matching).
 */
async function deliveredTextsOf(em: EntityManager, who: { contactId: number; at: Date; campaignId?: number | null }): Promise<number[]> {
  // Along (thread, direction): the thread's own texts of ours, not every campaign's (named, see db/index-hint.ts).
  const rows = await rawRows<Raw>(em, `SELECT m.id AS id, m.status AS status FROM messages m ${indexHint(isMysql(em.connection), 'idx_messages_thread_direction_created')}
    WHERE m.conversation_id = (SELECT cv.id FROM conversations cv WHERE cv.contact_id = :contactId) AND m.direction = 'out'
      AND m.campaign_id IS NOT NULL AND (m.sent_at > :since OR m.sent_at IS NULL OR m.campaign_id = :campaignId)`,
  { contactId: who.contactId, since: new Date(who.at.getTime() - RESPONSE_HOURS * HOUR), campaignId: who.campaignId ?? -1 });
  const latest = rows.length && isMysql(em.connection)
    ? await rawRows<Raw>(em, 'SELECT m.id AS id, m.status AS status FROM messages m WHERE m.id IN (:...ids) LOCK IN SHARE MODE', { ids: rows.map((r) => Number(r.id)) })
    : rows;
  return latest.filter((r) => r.status === 'delivered').map((r) => Number(r.id));
}

/** campaignTexts, with the status columns read locked on MariaDB (its consistent read may predate a receipt's commit). */
async function lockedTexts(em: EntityManager, ids: number[]): Promise<Fact[]> {
  const texts = await campaignTexts(em, ids);
  if (!isMysql(em.connection)) return texts;
  const latest = new Map((await rawRows<Raw>(em, `SELECT ${STATUS_COLUMNS} FROM messages m WHERE m.id IN (:...ids) LOCK IN SHARE MODE`, { ids }))
    .map((r) => [Number(r.id), statusOf(r)]));
  return texts.map((t) => ({ ...t, ...latest.get(t.id) }));
}

/**
 * Before a change to whole contacts that regroups their campaign texts in the rows — erasure (the texts go), a merge
 * (texts, replies and opt-outs move to the kept contact, whose locale and recipient rows then answer for them), a
 * new locale — their campaign texts as they stand; `recount()` after the change counts the difference (texts gone
 * are taken away). Read after the contacts are locked, status locked too on MariaDB (lockedTexts).
 */
export async function campaignCountsOf(em: EntityManager, contactIds: number[]): Promise<{ recount: () => Promise<void> }> {
  // Along their threads (idx_messages_conversation): messages have no index by contact alone.
  const ids = (await rawRows<Raw>(em, `SELECT m.id AS id FROM messages m WHERE m.conversation_id IN (SELECT cv.id FROM conversations cv WHERE cv.contact_id IN (:...contactIds))
    AND m.contact_id IN (:...contactIds) AND m.campaign_id IS NOT NULL`, { contactIds })).map((r) => Number(r.id));
  const slices = Array.from({ length: Math.ceil(ids.length / 500) }, (_, i) => ids.slice(i * 500, i * 500 + 500));
  const before = (await Promise.all(slices.map((slice) => lockedTexts(em, slice)))).flat();
  return {
    recount: async () => {
      const after = (await Promise.all(slices.map((slice) => lockedTexts(em, slice)))).flat();
      await countRollups(em, [...after.flatMap((t) => campaignTextDeltas(t, 1)), ...before.flatMap((t) => campaignTextDeltas(t, -1))]);
    },
  };
}

/**
 * The campaign counts of [start, end) from the rows, by campaign-figures.ts' own grouped SQL per UTC hour: the
 * rebuild's part (rollup-rebuild.ts) and the upgrade's (campaign-report-backfill.ts).
 */
export async function rebuiltCampaignDeltas(em: EntityManager, start: Date, end: Date): Promise<RollupDelta[]> {
  const ids = (await rawRows<Raw>(em, 'SELECT id FROM campaigns', {})).map((r) => Number(r.id));
  if (!ids.length) return [];
  const { left, unsent } = await textGroupRows(em, ids, { start, end }, true);
  const deltas: RollupDelta[] = [];
  for (const r of left) {
    const key = { hour: num(r.hour), campaignId: num(r.campaignId), variant: r.variant == null ? null : String(r.variant), language: String(r.language),
      channelId: r.channelId == null ? null : num(r.channelId) };
    const parts = partsPerText(r);
    deltas.push(...campaignDeltas(key, 'pending', num(r.pending), num(r.pending) * parts, {}), ...campaignDeltas(key, 'undelivered', num(r.undelivered), num(r.undelivered) * parts, {}),
      ...campaignDeltas(key, 'delivered', num(r.delivered), num(r.delivered) * parts, Object.fromEntries(RESPONSES.map((k) => [k, num(r[k])]))));
  }
  for (const r of unsent) {
    deltas.push(...campaignDeltas({ hour: num(r.hour), campaignId: num(r.campaignId), variant: r.variant == null ? null : String(r.variant), language: String(r.language), channelId: null },
      'failed', num(r.n), 0, {}));
  }
  return deltas.filter((d) => d.n || d.segments);
}
