import type { DataSource, QueryRunner } from 'typeorm';
import { campaignStats } from '../../../server/campaigns/campaign-stats';
import { Campaign } from '../../../server/db/entities';
import { migratedDatabase } from '../../support/migrated-database';

// A campaign's numbers are several counts. Read on different pooled connections at different moments, a recipient
// written between two of them showed an admin "1 queued of 0 targeted"; read from one snapshot they always agree.
// MariaDB only: SQLite has one connection, read by one statement at a time.
const onMariaDb = process.env.DATABASE_URL ? describe : describe.skip;

onMariaDb('a campaign\'s numbers', () => {
  const db = migratedDatabase();
  let ds: DataSource;
  beforeAll(() => { ds = db.ds(); });

  it('come from one moment, even when a recipient and its text are written between two of its counts', async () => {
    const campaign = Object.assign(new Campaign(), { id: 4242, variants: null });
    let recipientsCounted!: () => void;
    const afterRecipients = new Promise<void>((resolve) => { recipientsCounted = resolve; });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    // Every query runner the data source hands out holds the count of the campaign's texts by status until the test
    // has written a new recipient with its text (committed) — after the count of recipients has answered.
    const create = ds.createQueryRunner.bind(ds);
    ds.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>): QueryRunner => {
      const runner = create(...args);
      const query = runner.query.bind(runner) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
      (runner as { query: unknown }).query = async (sql: string, ...rest: unknown[]) => {
        if (/FROM messages m WHERE m\.campaign_id = \? GROUP BY m\.status/.test(sql.replace(/\s+/g, ' '))) await gate;
        const answer = await query(sql, ...rest);
        if (/FROM campaign_recipients/.test(sql)) recipientsCounted();
        return answer;
      };
      return runner;
    };
    try {
      const reading = campaignStats(ds.manager, campaign, new Date());
      await afterRecipients;
      await ds.transaction(async (em) => {
        await em.query(`INSERT INTO campaign_recipients (campaign_id, contact_id, status) VALUES (?, ?, 'queued')`, [campaign.id, 1]);
        await em.query(`INSERT INTO messages (conversation_id, contact_id, direction, origin, body, provider, status, compliance, campaign_id, lane)
          VALUES (1, 1, 'out', 'campaign', '秋季洗牙优惠', 'loopback', 'queued', 0, ?, 'bulk')`, [campaign.id]);
      });
      release();
      const stats = await reading;
      expect({ targeted: stats.targeted, queued: stats.queued }).toEqual({ targeted: 0, queued: 0 });
      // Asked again, both are there.
      const after = await campaignStats(ds.manager, campaign, new Date());
      expect({ targeted: after.targeted, queued: after.queued }).toEqual({ targeted: 1, queued: 1 });
    } finally {
      ds.createQueryRunner = create;
    }
  });
});
