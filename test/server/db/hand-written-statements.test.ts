import { QueryFailedError, type DataSource } from 'typeorm';
import { bumpRulesetVersion, readRulesetVersion } from '../../../server/admin/ruleset-source';
import { RulesetCache } from '../../../server/admin/ruleset-cache';
import { seedDatabase } from '../../../server/db/seed/seed';
import { systemClock } from '../../../server/shared/clock';
import { createLogger } from '../../../server/shared/logger';
import { Contact, Conversation, SettingRow } from '../../../server/db/entities';
import { insertStamped } from '../../../server/db/insert-stamped';
import { conversationsIn } from '../../../server/db/repositories/conversations.repository';
import { updateRow } from '../../../server/db/update-row';
import { runQuery } from '../../../server/db/run-query';
import { isMysql } from '../../../server/db/data-source';
import { isUniqueViolation } from '../../../server/db/transaction';
import { migratedDatabase } from '../../support/migrated-database';

// The inbound path's hand-written statements (they skip TypeORM's query builder for its CPU) must store and read
// exactly what the builder would: on both databases, JSON, dates, nulls and the updated_at stamp included.
const db = migratedDatabase();
let ds: DataSource;
beforeAll(() => { ds = db.ds(); });

const then = new Date('2026-01-02T03:04:05.678Z');
const conversationOf = async (phone: string) => {
  const contact = await insertStamped(ds.manager, Contact, { phone, name: null, locale: 'zh-CN', timezone: 'Asia/Shanghai', tags: [], optedOut: false, optedOutAt: null } as never, then);
  return insertStamped(ds.manager, Conversation, {
    contactId: contact.id, status: 'open', handledBy: 'bot', assigneeId: null, handoffReason: null, awaiting: null, awaitingContext: null,
    snoozedUntil: null, lastMessageAt: null, waitingSince: null, unread: 0, priority: null, labels: null, channelId: null,
  }, then);
};

describe('updateRow', () => {
  it('stores what the repository update() stores, and stamps updated_at', async () => {
    const [byBuilder, byHand] = [await conversationOf('+8613900000001'), await conversationOf('+8613900000002')];
    const change: Partial<Conversation> = {
      status: 'snoozed', handledBy: 'human', handoffReason: 'asked_for_human', unread: 3, priority: 'urgent', labels: ['付款', 'VIP'],
      awaiting: { menu: 'reschedule', options: ['1', '2', '0'], expiresAt: '2026-01-03T00:00:00.000Z' },
      awaitingContext: { appointmentId: 7, slots: { 1: '2026-01-04T06:00:00.000Z' } },
      snoozedUntil: new Date('2026-01-05T01:02:03.456Z'), lastMessageAt: new Date('2026-01-02T05:00:00.000Z'), waitingSince: null,
    };
    await ds.manager.update(Conversation, byBuilder.id, change);
    await updateRow(ds.manager, Conversation, byHand.id, change);

    const [a, b] = [await ds.manager.findOneByOrFail(Conversation, { id: byBuilder.id }), await ds.manager.findOneByOrFail(Conversation, { id: byHand.id })];
    const { id: _a, contactId: _ac, createdAt: _ad, updatedAt: aStamp, ...fromBuilder } = a;
    const { id: _b, contactId: _bc, createdAt: _bd, updatedAt: bStamp, ...fromHand } = b;
    expect(fromHand).toEqual(fromBuilder);
    expect(fromHand.labels).toEqual(['付款', 'VIP']);
    expect(fromHand.snoozedUntil?.toISOString()).toBe('2026-01-05T01:02:03.456Z');
    expect(bStamp.getTime()).toBeGreaterThan(then.getTime());
    expect(Math.abs(bStamp.getTime() - aStamp.getTime())).toBeLessThan(60_000);
  });

  it('leaves columns it was not given alone', async () => {
    const conv = await conversationOf('+8613900000003');
    await updateRow(ds.manager, Conversation, conv.id, { unread: 5, labels: ['x'] });
    await updateRow(ds.manager, Conversation, conv.id, { unread: 6 });
    const read = await ds.manager.findOneByOrFail(Conversation, { id: conv.id });
    expect([read.unread, read.labels, read.status]).toEqual([6, ['x'], 'open']);
  });
});

describe('conversations.assigneesOf', () => {
  it('answers each id\'s owner as a number or null, and nothing for an id nobody has', async () => {
    const [owned, free] = [await conversationOf('+8613900000004'), await conversationOf('+8613900000005')];
    await updateRow(ds.manager, Conversation, owned.id, { assigneeId: 42 });
    const owners = await conversationsIn(ds.manager).assigneesOf([owned.id, free.id, 999_999]);
    expect([...owners.entries()].sort(([x], [y]) => x - y)).toEqual([[owned.id, 42], [free.id, null]]);
  });
});

describe('the ruleset version', () => {
  it('reads as "0" before any save and as each saved version after', async () => {
    await ds.manager.delete(SettingRow, { key: 'ruleset_version' });
    expect(await readRulesetVersion(ds.manager)).toBe('0');
    const saved = await bumpRulesetVersion(ds.manager);
    expect(saved).toBe('1');
    expect(await readRulesetVersion(ds.manager)).toBe('1');
  });

  it('is read again by recent() only once it was last found current longer ago than asked', async () => {
    await seedDatabase(ds, { demo: false, timezone: 'Asia/Shanghai', adminEmail: 'admin@example.com', adminPassword: 'a-long-test-password-1', clock: systemClock, log: createLogger('silent') });
    const cache = new RulesetCache(ds);
    const first = await cache.get();
    const next = await bumpRulesetVersion(ds.manager);   // a save on another node
    expect((await cache.recent(60_000)).version).toBe(first.version);   // checked a moment ago: not read again
    expect((await cache.recent(0)).version).toBe(next);
    expect((await cache.get()).version).toBe(next);
  });
});

describe('runQuery', () => {
  it('answers and fails as em.query does, and inside a MariaDB transaction skips TypeORM\'s query path', async () => {
    const { contactId } = await conversationOf('+8613900000009');
    const select = 'SELECT id, phone, tags FROM contacts WHERE id = ?';
    await ds.transaction(async (em) => {
      const throughTypeorm = jest.spyOn(ds, 'query');
      try {
        const rows = await em.query(select, [contactId]) as unknown[];
        expect(throughTypeorm).toHaveBeenCalledTimes(1);
        expect(await runQuery(em, select, [contactId])).toEqual(rows);
        expect(rows).toEqual([expect.objectContaining({ phone: '+8613900000009' })]);
        // The direct path is MariaDB's; SQLite keeps TypeORM's.
        expect(throughTypeorm).toHaveBeenCalledTimes(isMysql(ds) ? 1 : 2);

        const insert = 'INSERT INTO contacts (phone, locale, timezone, tags, opted_out, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)';
        const at = isMysql(ds) ? then : '2026-01-02 03:04:05.678';   // as each driver stores an instant
        const values = ['+8613900000010', 'zh-CN', 'Asia/Shanghai', '[]', 0, at, at];
        const added = await runQuery(em, insert, values);
        const id = typeof added === 'object' ? Number((added as { insertId: number }).insertId) : Number(added);
        expect((await em.query(select, [id]) as Array<{ phone: string }>)[0]?.phone).toBe('+8613900000010');

        // A duplicate fails as TypeORM fails it, so the inbound retry and the 4xx mapping still recognise it.
        const failure = await runQuery(em, insert, values).then(() => null, (err: unknown) => err);
        expect(failure).toBeInstanceOf(QueryFailedError);
        expect(isUniqueViolation(failure)).toBe(true);
        expect((failure as QueryFailedError).query).toBe(insert);
      } finally {
        throughTypeorm.mockRestore();
      }
    });
  });
});
