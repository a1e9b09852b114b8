import { In, type EntityManager } from 'typeorm';
import { isMysql } from '../db/data-source';
import { Message, type MessageStatus } from '../db/entities';
import { changeDeltas } from './rollup-keys';
import { countedFromRaw } from './message-rollups';
import { countRollups } from './rollup-store';

const PAGE = 1000;

/**
 * Changes every message of a campaign still in one of `from` statuses (a cancel refusing what has not left), moving
 * their report counts with them, in the caller's transaction and a page of rows at a time. Only rows really changed
 * are counted: on MariaDB the page is read FOR UPDATE first (a sender's claim, SKIP LOCKED, passes them by); on SQLite
 * the UPDATE says which rows it changed (RETURNING id), since a sender's claim may run between the read and the write.
 * Answers how many changed.
 */
export async function updateCampaignMessages(em: EntityManager, campaignId: number, from: MessageStatus[],
  changes: Pick<Message, 'status' | 'errorCode' | 'errorMessage'>): Promise<number> {
  const mysql = isMysql(em.connection);
  let total = 0;
  for (let afterId = 0; ;) {
    const page = em.createQueryBuilder(Message, 'm').select('m.id', 'id').where('m.campaign_id = :campaignId AND m.status IN (:...from) AND m.id > :afterId', { campaignId, from, afterId })
      .orderBy('m.id', 'ASC').limit(PAGE);
    if (mysql) page.setLock('pessimistic_write');
    const ids = (await page.getRawMany<{ id: number }>()).map((r) => Number(r.id));
    if (!ids.length) return total;
    const rows = await em.createQueryBuilder().select(`m.id, m.created_at AS createdAt, m.direction, m.status, m.provider, m.channel_id AS channelId,
      m.campaign_id AS campaignId, m.template_key AS templateKey, m.origin, m.error_code AS errorCode, m.billed_segments AS billedSegments,
      m.provider_message_id AS providerMessageId, m.sent_at AS sentAt, m.receipt_at AS receiptAt, c.phone AS phone, c.locale AS locale`)
      .from('messages', 'm').innerJoin('contacts', 'c', 'c.id = m.contact_id').where('m.id IN (:...ids)', { ids }).getRawMany<Record<string, unknown>>();
    const update = em.createQueryBuilder().update(Message).set(changes).where({ id: In(ids) }).andWhere('status IN (:...from)', { from });
    let changed: Set<number>;
    if (mysql) {
      await update.execute();
      changed = new Set(ids);
    } else {
      const [sql, params] = update.getQueryAndParameters();
      changed = new Set((await em.query(`${sql} RETURNING id`, params) as Array<{ id: number }>).map((r) => Number(r.id)));
    }
    await countRollups(em, rows.filter((r) => changed.has(Number(r.id))).flatMap((r) => {
      const before = countedFromRaw(r);
      return changeDeltas(before, { ...before, ...changes }, { phone: String(r.phone), locale: String(r.locale) });
    }));
    total += changed.size;
    afterId = ids[ids.length - 1]!;
  }
}
