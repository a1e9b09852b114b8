import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../config';
import { isMysql } from '../db/data-source';
import { Channel, ComplaintEvent } from '../db/entities';
import { inTransaction } from '../db/transaction';
import { estimatedSegments } from './billed-segments';
import { rebuiltEpisodeDeltas } from './episode-rollups';
import { ATTRIBUTION_HOURS, CAUSE_COLUMNS, causeOf, countedFromRaw } from './message-rollups';
import { answeringReplySql, RESPONSE_SEND_SQL } from './reply-rollups';
import { causedDeltas, complaintDeltas, consentDeltas, LATENCY_BOUNDS, messageDeltas, MONTHLY_DIMS, replyDeltas, type CountedMessage, type Dim, type Kind, type RollupDelta } from './rollup-keys';
import { writeRollups } from './rollup-store';
import { instantParam, storedInstant } from './stored-values';
import { hourSql } from './raw-rows';
import { rebuiltScoreDeltas } from './survey-rollups';
import { rebuiltVisitDeltas } from './visit-rollups';
import { rebuiltAppointmentDeltas } from './reminder-rollups';
import { rebuiltCampaignDeltas } from './campaign-rollups';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = instantParam;

/**
 * Recomputes the report counts of whole UTC days from the rows themselves: for data from before the roll-ups, and to
 * repair. Each day is one transaction that deletes the day's rows (hourly and daily; its share of the monthly ones) and writes them again from:
 * the day's messages (one grouped query: a million texts are a few thousand groups), its consent changes, the
 * opt-outs up to 72 h later that its texts caused, its complaints, its sends' texts answered within 72 h, the conversation episodes that started in it
 * (episode-rollups.ts) the scores of its satisfaction surveys (survey-rollups.ts), the visits that started in it and were closed (visit-rollups.ts)
 * its reminders and appointment changes (reminder-rollups.ts) and the campaign texts that left (or were refused outright) in it
 * (campaign-rollups.ts), by the same rules the live writers follow
 * (rollup-keys.ts, message-rollups.ts). On MariaDB the day's messages are read with a shared lock, so a text
 * written meanwhile waits for the day to be rebuilt instead of being counted twice or not at all.
 *
 * Texts the provider took before billed parts were recorded get their count now (billed-segments.ts), as the sender
 * records it today. What the rows no longer tell is counted as they are now: a contact's current number and
 * language, a text's current status (an opt-out's cause), today's prices (cost is priced when read anyway).
 */
export async function rebuildRollups(ds: DataSource, config: Pick<Config, 'ALIYUN_SIGN_NAME' | 'TENCENT_SIGN_NAME'>, range: { from: Date; to: Date },
  onDay?: (day: Date, messages: number) => void): Promise<{ days: number; messages: number }> {
  const signNames = await signNamesOf(ds, config);
  const causes: Causes = new Map();
  let days = 0;
  let messages = 0;
  for (let day = Math.floor(range.from.getTime() / DAY) * DAY; day < range.to.getTime(); day += DAY) {
    const counted = await inTransaction(ds, (em) => rebuildDay(em, day, signNames, causes));
    days++;
    messages += counted;
    onDay?.(new Date(day), counted);
  }
  return { days, messages };
}

type SignNames = (provider: string, channelId: number | null) => string | null;
/** Each opt-out's cause, worked out once for the whole rebuild: four days' rebuilds read the same opt-out. */
type Causes = Map<number, Awaited<ReturnType<typeof causeOf>>>;

async function signNamesOf(ds: DataSource, config: Pick<Config, 'ALIYUN_SIGN_NAME' | 'TENCENT_SIGN_NAME'>): Promise<SignNames> {
  const senders = new Map((await ds.manager.find(Channel, { select: { id: true, sender: true } })).map((c) => [c.id, c.sender]));
  return (provider, channelId) => (channelId !== null && senders.has(channelId) ? senders.get(channelId)!
    : provider === 'aliyun' ? config.ALIYUN_SIGN_NAME ?? null : provider === 'tencent' ? config.TENCENT_SIGN_NAME ?? null : null);
}

async function rebuildDay(em: EntityManager, dayStart: number, signNames: SignNames, causes: Causes): Promise<number> {
  const start = new Date(dayStart);
  const end = new Date(dayStart + DAY);
  const firstHour = dayStart / HOUR;
  if (isMysql(em.connection)) await em.query('SELECT id FROM messages WHERE created_at >= ? AND created_at < ? LOCK IN SHARE MODE', [at(em, start), at(em, end)]);
  await repairSegments(em, start, end, signNames);
  await takeDayOutOfMonth(em, firstHour);
  await em.query(`DELETE FROM report_rollups WHERE (grain = 'h' AND bucket >= ? AND bucket < ?) OR (grain = 'd' AND bucket = ?)`, [firstHour, firstHour + 24, firstHour]);
  const { deltas, messages } = await messageGroups(em, start, end);
  deltas.push(...await consentCounts(em, start, end), ...await causedOptOuts(em, start, end, causes), ...await complaintCounts(em, start, end),
    ...await answeredTexts(em, start, end), ...await rebuiltEpisodeDeltas(em, start, end), ...await rebuiltScoreDeltas(em, start, end),
    ...await rebuiltVisitDeltas(em, start, end), ...await rebuiltAppointmentDeltas(em, start, end), ...await rebuiltCampaignDeltas(em, start, end));
  await writeRollups((sql, params) => em.query(sql, params), isMysql(em.connection), deltas);
  return messages;
}

/**
 * The month rows (rollup-keys.ts MONTHLY_DIMS) hold every day of the month: the day's own counts, as its day rows
 * have them, are taken out before the day is written again (which adds them back, as counted now).
 */
async function takeDayOutOfMonth(em: EntityManager, firstHour: number): Promise<void> {
  const rows = await em.query(`SELECT dim, value, channel_id AS channelId, kind, state, n, segments FROM report_rollups
    WHERE grain = 'd' AND dim IN (${[...MONTHLY_DIMS].map((d) => `'${d}'`).join(', ')}) AND bucket = ?`, [firstHour]) as Array<Record<string, unknown>>;
  const deltas = rows.map((r): RollupDelta => ({
    hour: firstHour, dim: r.dim as Dim, value: String(r.value), channelId: Number(r.channelId), kind: r.kind as Kind, state: String(r.state), n: -Number(r.n), segments: -Number(r.segments),
  }));
  await writeRollups((sql, params) => em.query(sql, params), isMysql(em.connection), deltas, 'm');
}

/** Texts the provider took whose billed parts were never recorded (sent before the roll-ups): counted as the sender counts them. */
async function repairSegments(em: EntityManager, start: Date, end: Date, signNames: SignNames): Promise<void> {
  const rows = await em.query(`SELECT id, body, provider, channel_id AS channelId FROM messages WHERE created_at >= ? AND created_at < ?
    AND direction = 'out' AND provider_message_id IS NOT NULL AND billed_segments IS NULL`, [at(em, start), at(em, end)]) as Array<{ id: number; body: string; provider: string; channelId: number | null }>;
  const byCount = new Map<number, number[]>();
  for (const r of rows) {
    const n = estimatedSegments(r.body, r.provider, signNames(r.provider, r.channelId == null ? null : Number(r.channelId)));
    byCount.set(n, [...(byCount.get(n) ?? []), Number(r.id)]);
  }
  for (const [n, ids] of byCount) {
    for (let i = 0; i < ids.length; i += 1000) {
      const slice = ids.slice(i, i + 1000);
      await em.query(`UPDATE messages SET billed_segments = ? WHERE id IN (${slice.map(() => '?').join(', ')})`, [n, ...slice]);
    }
  }
}

/** Milliseconds from send to first final receipt, and its latency bucket, as SQL of each dialect (rollup-keys.ts latencyBucket). */
function latencySql(mysql: boolean): string {
  const ms = mysql ? 'TIMESTAMPDIFF(MICROSECOND, m.sent_at, m.receipt_at) DIV 1000'
    : 'CAST(ROUND((julianday(m.receipt_at) - julianday(m.sent_at)) * 86400000) AS INTEGER)';
  return `CASE WHEN m.sent_at IS NULL OR m.receipt_at IS NULL THEN NULL ${LATENCY_BOUNDS.map((b) => `WHEN ${ms} <= ${b * 1000} THEN '${b}'`).join(' ')} ELSE 'inf' END`;
}

/**
 * The day's messages grouped by everything their counts are keyed by, the number cut to what carrierOf and regionOf
 * read (its first 7 characters and its length), then expanded into deltas per group.
 */
async function messageGroups(em: EntityManager, start: Date, end: Date): Promise<{ deltas: RollupDelta[]; messages: number }> {
  const mysql = isMysql(em.connection);
  const hour = hourSql(em, 'm.created_at');
  const keys = `${hour}, m.direction, m.status, m.provider, m.channel_id, m.campaign_id, m.template_key, m.origin, m.error_code,
    CASE WHEN m.provider_message_id IS NULL THEN 0 ELSE 1 END, ${latencySql(mysql)}, SUBSTR(c.phone, 1, 7), LENGTH(c.phone), c.locale`;
  const rows = await em.query(`SELECT ${hour} AS hour, m.direction AS direction, m.status AS status, m.provider AS provider, m.channel_id AS channelId,
      m.campaign_id AS campaignId, m.template_key AS templateKey, m.origin AS origin, m.error_code AS errorCode,
      CASE WHEN m.provider_message_id IS NULL THEN 0 ELSE 1 END AS accepted, ${latencySql(mysql)} AS latency,
      SUBSTR(c.phone, 1, 7) AS prefix, LENGTH(c.phone) AS length, c.locale AS locale, COUNT(*) AS n, SUM(COALESCE(m.billed_segments, 0)) AS segments
    FROM messages m INNER JOIN contacts c ON c.id = m.contact_id WHERE m.created_at >= ? AND m.created_at < ? GROUP BY ${keys}`, [at(em, start), at(em, end)]) as Array<Record<string, unknown>>;
  const deltas: RollupDelta[] = [];
  let messages = 0;
  for (const r of rows) {
    const n = Number(r.n);
    messages += n;
    const prefix = String(r.prefix);
    const contact = { phone: prefix + '0'.repeat(Math.max(0, Number(r.length) - prefix.length)), locale: String(r.locale) };
    // One representative message of the group, counted once, then scaled to the group: its sent/receipt instants
    // stand in for the latency bucket the group shares.
    const latency = r.latency == null ? null : String(r.latency);
    const sentAt = latency ? new Date(0) : null;
    const receiptAt = latency ? new Date(latency === 'inf' ? 10 * DAY : Number(latency) * 1000) : null;
    const message: CountedMessage = {
      createdAt: new Date(Number(r.hour) * HOUR), direction: r.direction as 'in' | 'out', status: r.status as CountedMessage['status'],
      provider: String(r.provider), channelId: r.channelId == null ? null : Number(r.channelId), campaignId: r.campaignId == null ? null : Number(r.campaignId),
      templateKey: (r.templateKey as string | null) ?? null, origin: r.origin as CountedMessage['origin'], errorCode: (r.errorCode as string | null) ?? null,
      billedSegments: 0, providerMessageId: Number(r.accepted) ? 'counted' : null, sentAt, receiptAt,
    };
    // Billed parts count on the text's own rows once the provider took it (rollup-keys.ts countedSegments), summed over the group.
    const segments = message.direction === 'out' && message.providerMessageId ? Number(r.segments) : 0;
    for (const d of messageDeltas(message, contact, 1)) deltas.push({ ...d, n: d.n * n, segments: d.kind === message.direction ? segments : 0 });
  }
  return { deltas, messages };
}

const CONSENT_COLUMNS = `ce.id AS id, ce.contact_id AS contactId, ce.kind AS kind, ce.source AS source, ce.scope AS scope, ce.created_at AS createdAt,
  c.phone AS phone, c.locale AS locale`;
const instant = storedInstant;

/** The day's consent changes, each in its hour (an erased contact's only in total). */
async function consentCounts(em: EntityManager, start: Date, end: Date): Promise<RollupDelta[]> {
  const rows = await em.query(`SELECT ${CONSENT_COLUMNS} FROM consent_events ce LEFT JOIN contacts c ON c.id = ce.contact_id
    WHERE ce.created_at >= ? AND ce.created_at < ?`, [at(em, start), at(em, end)]) as Array<Record<string, unknown>>;
  return rows.flatMap((r) => consentDeltas({ kind: r.kind as 'opt_in' | 'opt_out', source: String(r.source), scope: String(r.scope), at: instant(r.createdAt) },
    r.phone == null ? null : { phone: String(r.phone), locale: String(r.locale) }));
}

/**
 * Opt-outs up to 72 h after the day whose cause is one of the day's texts: charged to that text's hour. The day's own
 * opt-outs get their cause written on the event again (consent_events.cause_message_id), as the live writer keeps it.
 */
async function causedOptOuts(em: EntityManager, start: Date, end: Date, causes: Causes): Promise<RollupDelta[]> {
  const rows = await em.query(`SELECT ${CONSENT_COLUMNS} FROM consent_events ce INNER JOIN contacts c ON c.id = ce.contact_id
    WHERE ce.kind = 'opt_out' AND ce.source <> 'import' AND ce.created_at >= ? AND ce.created_at < ?`,
  [at(em, start), at(em, new Date(end.getTime() + ATTRIBUTION_HOURS * HOUR))]) as Array<Record<string, unknown>>;
  const deltas: RollupDelta[] = [];
  for (const r of rows) {
    const happened = instant(r.createdAt);
    const id = Number(r.id);
    if (!causes.has(id)) causes.set(id, await causeOf(em, Number(r.contactId), happened));
    const cause = causes.get(id)!;
    if (happened < end) await em.query('UPDATE consent_events SET cause_message_id = ? WHERE id = ?', [cause?.id ?? null, id]);
    if (cause && cause.createdAt >= start && cause.createdAt < end) deltas.push(...causedDeltas('opt_out_send', cause, { phone: String(r.phone), locale: String(r.locale) }));
  }
  return deltas;
}

/**
 * The day's complaint texts, once per person in 72 h, charged to the send they answered (message-rollups.ts
 * countComplaint); the day's complaint_events are written again with them.
 */
async function complaintCounts(em: EntityManager, start: Date, end: Date): Promise<RollupDelta[]> {
  const rows = await em.query(`SELECT m.id AS id, m.conversation_id AS conversationId, m.contact_id AS contactId, m.created_at AS createdAt,
      m.channel_id AS channelId, m.provider AS provider, c.phone AS phone, c.locale AS locale,
      (SELECT 1 FROM messages p WHERE p.conversation_id = m.conversation_id AND p.id < m.id AND p.direction = 'in'
        AND p.created_at >= ${isMysql(em.connection) ? 'DATE_SUB(m.created_at, INTERVAL 72 HOUR)' : "strftime('%Y-%m-%d %H:%M:%f', m.created_at, '-72 hours')"}
        AND p.decision LIKE '%"complaint"%' LIMIT 1) AS earlier
    FROM messages m INNER JOIN contacts c ON c.id = m.contact_id
    WHERE m.created_at >= ? AND m.created_at < ? AND m.direction = 'in' AND m.decision LIKE '%"complaint"%' ORDER BY m.id`, [at(em, start), at(em, end)]) as Array<Record<string, unknown>>;
  const deltas: RollupDelta[] = [];
  await em.query('DELETE FROM complaint_events WHERE created_at >= ? AND created_at < ?', [at(em, start), at(em, end)]);
  for (const r of rows) {
    if (r.earlier != null) continue;
    const text = { createdAt: instant(r.createdAt), channelId: r.channelId == null ? null : Number(r.channelId), provider: String(r.provider) };
    const cause = await causeOf(em, Number(r.contactId), text.createdAt);
    deltas.push(...complaintDeltas(text, cause, { phone: String(r.phone), locale: String(r.locale) }));
    await em.createQueryBuilder().insert().into(ComplaintEvent).values({
      messageId: Number(r.id), contactId: Number(r.contactId), conversationId: Number(r.conversationId), causeMessageId: cause?.id ?? null, createdAt: text.createdAt,
    }).updateEntity(false).execute();
  }
  return deltas;
}


/** The day's texts of a send that a reply answered (reply-rollups.ts), each counted once in its hour, as the live writer counts them. */
async function answeredTexts(em: EntityManager, start: Date, end: Date): Promise<RollupDelta[]> {
  const rows = await em.query(`SELECT ${CAUSE_COLUMNS} FROM messages m WHERE m.created_at >= ? AND m.created_at < ? AND m.direction = 'out'
    AND m.compliance = 0 AND m.status IN ('sent', 'delivered') AND m.sent_at IS NOT NULL AND ${RESPONSE_SEND_SQL}
    AND ${answeringReplySql(em)} IS NOT NULL`, [at(em, start), at(em, end)]) as Array<Record<string, unknown>>;
  return rows.flatMap((r) => replyDeltas(countedFromRaw(r)));
}
