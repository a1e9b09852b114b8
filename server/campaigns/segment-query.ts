import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { Contact, Conversation } from '../db/entities';
import { isMysql } from '../db/data-source';
import { containing } from '../contacts/like-text';
import type { SegmentDefinition } from './campaign-contract';
import type { CampaignPolicy } from './campaign-policy';
import { TIER_SQL, tierParams } from './engagement-tier';
import { whereClicked } from '../links/link-clicks';

const DAY = 86_400_000;

/** A custom attribute's value as text, on either dialect (keys are checked to be [A-Za-z0-9_] at the edge). */
function attributeSql(em: EntityManager, key: string): string {
  const path = `'$.${key}'`;
  return isMysql(em.connection) ? `JSON_UNQUOTE(JSON_EXTRACT(ct.attributes, ${path}))` : `CAST(json_extract(ct.attributes, ${path}) AS TEXT)`;
}

/** One tag as an element of the JSON array, matched with its quotes: "vip" does not find "vip2". */
const tagLike = (tag: string) => containing(JSON.stringify(tag));

const CONSENT_SQL = {
  marketing: 'ct.opted_out = 0 AND ct.marketing_opted_out = 0 AND ct.marketing_consent_at IS NOT NULL',
  transactional: 'ct.opted_out = 0 AND NOT (ct.marketing_opted_out = 0 AND ct.marketing_consent_at IS NOT NULL)',
} as const;

/**
 * The contacts a segment selects, as a query over `ct` (contacts) left-joined to `cv` (their one conversation):
 * parameterised SQL the database runs, never a scan in memory. `now` is the caller's clock (the test clock in tests).
 */
export function segmentQuery(em: EntityManager, d: SegmentDefinition, now: Date, policy: CampaignPolicy): SelectQueryBuilder<Contact> {
  const qb = em.createQueryBuilder(Contact, 'ct').leftJoin(Conversation, 'cv', 'cv.contact_id = ct.id');
  if (d.tagsAny?.length) {
    qb.andWhere(new Brackets((w) => d.tagsAny!.forEach((t, i) => w.orWhere(`ct.tags LIKE :any${i} ESCAPE '!'`, { [`any${i}`]: tagLike(t) }))));
  }
  d.tagsAll?.forEach((t, i) => qb.andWhere(`ct.tags LIKE :all${i} ESCAPE '!'`, { [`all${i}`]: tagLike(t) }));
  d.attributes?.forEach((a, i) => {
    const op = a.op === 'equals' ? '=' : a.op === 'before' ? '<' : '>';
    qb.andWhere(`${attributeSql(em, a.key)} ${op} :attr${i}`, { [`attr${i}`]: a.value });
  });
  if (d.consent) qb.andWhere(CONSENT_SQL[d.consent]);
  if (d.tiers?.length) qb.andWhere(`(${TIER_SQL}) IN (:...tiers)`, { ...tierParams(now, policy), tierNow: now, tiers: d.tiers });
  if (d.noVisitMonths !== undefined) {
    qb.andWhere(`NOT EXISTS (SELECT 1 FROM appointments sv WHERE sv.contact_id = ct.id AND sv.status = 'completed' AND sv.starts_at >= :visitSince)`,
      { visitSince: monthsBefore(now, d.noVisitMonths) });
  }
  if (d.upcomingWithinDays !== undefined) {
    qb.andWhere(`EXISTS (SELECT 1 FROM appointments su WHERE su.contact_id = ct.id AND su.status IN ('booked', 'confirmed') AND su.starts_at >= :upFrom AND su.starts_at < :upTo)`,
      { upFrom: now, upTo: new Date(now.getTime() + d.upcomingWithinDays * DAY) });
  }
  if (d.noShowWithinDays !== undefined) {
    qb.andWhere(`EXISTS (SELECT 1 FROM appointments sn WHERE sn.contact_id = ct.id AND sn.status = 'no_show' AND sn.starts_at >= :noShowFrom AND sn.starts_at <= :noShowTo)`,
      { noShowFrom: new Date(now.getTime() - d.noShowWithinDays * DAY), noShowTo: now });
  }
  if (d.contactIds?.length || d.phones?.length) {
    qb.andWhere(new Brackets((w) => {
      if (d.contactIds?.length) w.orWhere('ct.id IN (:...listIds)', { listIds: d.contactIds });
      if (d.phones?.length) w.orWhere('ct.phone IN (:...listPhones)', { listPhones: d.phones });
    }));
  }
  if (d.repliedTo !== undefined) {
    // Along the campaign's own (campaign_id, contact_id) row, then the thread's (conversation_id, id) index.
    qb.andWhere(`EXISTS (SELECT 1 FROM messages srm INNER JOIN messages srr ON srr.conversation_id = srm.conversation_id AND srr.direction = 'in' AND srr.id > srm.id
      WHERE srm.campaign_id = :repliedTo AND srm.contact_id = ct.id${d.repliedWith ? ' AND UPPER(TRIM(srr.body)) = :repliedWith' : ''})`,
    { repliedTo: d.repliedTo, repliedWith: d.repliedWith?.toUpperCase() });
  }
  if (d.clicked !== undefined) whereClicked(qb, 'ct', d.clicked);
  if (d.booked !== undefined) {
    qb.andWhere(`EXISTS (SELECT 1 FROM messages sbk WHERE sbk.answers_campaign_id = :bookedIn AND sbk.contact_id = ct.id AND sbk.decision LIKE :bookedKind)`,
      { bookedIn: d.booked, bookedKind: '%"kind":"booked_new"%' });
  }
  return qb;
}

function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/**
 * How many entries of an imported list name a contact another entry already named (the same id twice, or an id and
 * that contact's phone): those people get one message, and the extra matches are counted as `duplicate`.
 */
export async function listDuplicates(em: EntityManager, d: SegmentDefinition): Promise<number> {
  const ids = d.contactIds ?? [];
  const phones = d.phones ?? [];
  if (!ids.length && !phones.length) return 0;
  const qb = em.createQueryBuilder(Contact, 'ct').select(['ct.id', 'ct.phone']);
  qb.where(new Brackets((w) => {
    if (ids.length) w.orWhere('ct.id IN (:...ids)', { ids });
    if (phones.length) w.orWhere('ct.phone IN (:...phones)', { phones });
  }));
  const found = await qb.getMany();
  const byPhone = new Map(found.map((c) => [c.phone, c.id]));
  const known = new Set(found.map((c) => c.id));
  const matched = [...ids.filter((id) => known.has(id)), ...phones.map((p) => byPhone.get(p)).filter((id): id is number => id !== undefined)];
  return matched.length - new Set(matched).size;
}
