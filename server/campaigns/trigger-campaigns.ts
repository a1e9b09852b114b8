import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { localDate } from '../appointments/zoned-time';
import { containing } from '../contacts/like-text';
import { isMysql } from '../db/data-source';
import { Campaign, type Contact, Message, Segment } from '../db/entities';
import { inTransaction } from '../db/transaction';
import { nextAudienceBatch, type AudienceRow } from './campaign-audience';
import type { CampaignTrigger } from './campaign-contract';
import { campaignPolicy } from './campaign-policy';
import { prepareBatch } from './prepare-batch';
import type { QueueDeps } from './queue-campaign';
import { writeBatch } from './write-batch';
import { campaignSending } from './campaign-provider-template';

const DAY = 86_400_000;
/** A missed visit longer ago than this is history, not a reason to text. */
const NO_SHOW_LOOKBACK_DAYS = 60;

/** `months` calendar months before `now`. */
function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** A custom attribute's text on either dialect (the key is checked to be [A-Za-z0-9_] by the schema). */
const attributeSql = (em: EntityManager, key: string) =>
  (isMysql(em.connection) ? `JSON_UNQUOTE(JSON_EXTRACT(ct.attributes, '$.${key}'))` : `CAST(json_extract(ct.attributes, '$.${key}') AS TEXT)`);

/** The month-day ('MM-DD') a contact's date attribute must have today in their zone to be due. */
const targetMonthDay = (now: Date, daysBefore: number, timezone: string) => localDate(new Date(now.getTime() + daysBefore * DAY), timezone).slice(5);

/**
 * Narrows the audience query to the contacts a trigger makes due now: conditions on the contact's appointments and
 * attributes, so the database finds them (indexed by contact), never a scan in code. A date attribute is matched on the
 * month-days that are its day somewhere on earth today; `isDue` then checks the contact's own time zone.
 */
function whereDue(em: EntityManager, trigger: CampaignTrigger, now: Date, startedAt: Date): (qb: SelectQueryBuilder<Contact>) => void {
  return (qb) => {
    if (trigger.kind === 'tag_added') {
      // Tagged since the start (contact_tag_events, written wherever a tag is added) and still tagged.
      qb.andWhere('EXISTS (SELECT 1 FROM contact_tag_events te WHERE te.contact_id = ct.id AND te.tag = :addedTag AND te.created_at >= :triggerStart)', { addedTag: trigger.tag, triggerStart: startedAt })
        .andWhere("ct.tags LIKE :addedTagJson ESCAPE '!'", { addedTagJson: containing(JSON.stringify(trigger.tag)) });
      return;
    }
    if (trigger.kind === 'last_visit') {
      qb.andWhere(`EXISTS (SELECT 1 FROM appointments tv WHERE tv.contact_id = ct.id AND tv.status = 'completed')
        AND NOT EXISTS (SELECT 1 FROM appointments tw WHERE tw.contact_id = ct.id AND tw.status IN ('completed', 'booked', 'confirmed') AND tw.starts_at > :recallCutoff)`,
      { recallCutoff: monthsBefore(now, trigger.months) });
    } else if (trigger.kind === 'no_show') {
      qb.andWhere(`EXISTS (SELECT 1 FROM appointments tn WHERE tn.contact_id = ct.id AND tn.status = 'no_show'
        AND tn.starts_at <= :noShowDue AND tn.starts_at >= :noShowSince
        AND NOT EXISTS (SELECT 1 FROM appointments tl WHERE tl.contact_id = ct.id AND tl.status IN ('completed', 'booked', 'confirmed') AND tl.starts_at > tn.starts_at))`,
      { noShowDue: new Date(now.getTime() - trigger.days * DAY), noShowSince: new Date(now.getTime() - (trigger.days + NO_SHOW_LOOKBACK_DAYS) * DAY) });
    } else {
      const days = trigger.daysBefore ?? 0;
      const candidates = [-1, 0, 1].map((offset) => targetMonthDay(new Date(now.getTime() + offset * DAY), days, 'UTC'));
      qb.andWhere(`SUBSTR(${attributeSql(em, trigger.key)}, 6, 5) IN (:...monthDays)`, { monthDays: candidates });
    }
  };
}

function isDue(trigger: CampaignTrigger, row: AudienceRow, now: Date): boolean {
  if (trigger.kind !== 'date_attribute') return true;
  const value = row.attributes?.[trigger.key];
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && value.slice(5, 10) === targetMonthDay(now, trigger.daysBefore ?? 0, row.timezone);
}

/**
 * Queues a running triggered campaign's newly due contacts through the same checks and writes as a dated campaign's
 * audience (queue-campaign.ts prepareBatch/writeBatch: consent, caps, send window, suppression, the menu). Called at
 * start and by every node's campaign worker every few seconds. Each contact is texted once per campaign: a contact
 * with a recipient row is not read again, and if two nodes write the same contact at once the unique (campaign,
 * contact) fails one batch, whose contacts the other wrote. Returns the messages queued.
 */
export async function queueDueContacts(deps: QueueDeps, campaignId: number): Promise<number> {
  const { ds, clock } = deps;
  const campaign = await ds.manager.findOneBy(Campaign, { id: campaignId });
  if (!campaign?.trigger || campaign.status !== 'running') return 0;
  const trigger = campaign.trigger;
  const segment = await ds.manager.findOneByOrFail(Segment, { id: campaign.segmentId });
  const policy = await campaignPolicy(ds.manager);
  const settings = (await deps.rulesets.get()).source.settings;
  const { providerName, templateChannel } = await campaignSending(deps.channels, campaign, deps.config);
  const size = isMysql(ds) ? 2000 : 400;
  let sequence = await ds.manager.countBy(Message, { campaignId });
  let after = 0;
  let written = 0;
  for (;;) {
    const now = clock.now();
    const rows = await nextAudienceBatch(ds.manager, campaign, segment, policy, now, after, size, whereDue(ds.manager, trigger, now, campaign.startedAt ?? now));
    if (!rows.length) break;
    after = rows[rows.length - 1]!.contactId;
    const due = rows.filter((r) => isDue(trigger, r, now));
    if (!due.length) continue;
    const prepared = await prepareBatch(ds.manager, { campaign, policy, settings, providerName, now, sequence, linkBase: deps.config, templateChannel }, due);
    const lock = isMysql(ds) ? ' LOCK IN SHARE MODE' : '';
    // Still running (a pause waits for this batch, then holds its rows, as for a dated campaign).
    const n = await inTransaction(ds, async (em) => {
      const running = await em.query(`SELECT id FROM campaigns WHERE id = ? AND status = 'running'${lock}`, [campaignId]) as unknown[];
      return running.length ? writeBatch(em, prepared) : null;
    }).catch(() => 0);   // another node wrote some of these contacts first: they are its; the rest come next round
    if (n === null) break;
    sequence += prepared.sending;
    written += n;
  }
  if (written) deps.bus.emit('outbox:queued', undefined);
  return written;
}
