/** The audience the campaign benchmarks (campaign-queue.ts, campaign-send.ts) queue and send to. */
import type { DataSource } from 'typeorm';
import { Contact, Conversation } from '../../server/db/entities';

const CHUNK = 1000;

/** `rows` consented contacts tagged `tag`, every other one with a conversation, 1,000 a transaction. */
export async function seedContacts(ds: DataSource, tag: string, prefix: string, rows: number, NOW: Date): Promise<void> {
  for (let k = 0; k < rows; k += CHUNK) {
    const n = Math.min(CHUNK, rows - k);
    const phones = Array.from({ length: n }, (_, i) => `+86${prefix}${String(k + i).padStart(8, '0')}`);
    await ds.transaction(async (em) => {
      await em.createQueryBuilder().insert().into(Contact).values(phones.map((phone, i) => ({
        phone, name: `客户${k + i}`, locale: 'zh-CN', timezone: 'Asia/Shanghai', tags: [tag, 'vip'],
        optedOut: false, optedOutAt: null, marketingOptedOut: false, marketingConsentAt: NOW, attributes: null, createdAt: NOW, updatedAt: NOW,
      }))).updateEntity(false).execute();
      const made = await em.createQueryBuilder(Contact, 'ct').select(['ct.id']).where('ct.phone IN (:...phones)', { phones }).getMany();
      const withThread = made.filter((c) => c.id % 2 === 0);
      if (withThread.length) {
        await em.createQueryBuilder().insert().into(Conversation).values(withThread.map((c) => ({
          contactId: c.id, status: 'resolved' as const, handledBy: 'bot' as const, unread: 0, lastMessageAt: NOW, createdAt: NOW, updatedAt: NOW,
        }))).updateEntity(false).execute();
      }
    });
  }
}

