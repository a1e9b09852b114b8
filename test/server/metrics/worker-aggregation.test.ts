import request from 'supertest';
import { AggregatorRegistry } from 'prom-client';
import { metric } from '../../support/metrics-text';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';

let hx: TestHuixin;
beforeAll(async () => { hx = await startTestHuixin({ METRICS_TOKEN: 'aggregation-token-0123456789' }, { startSender: false }); });
afterAll(() => hx.close());

it('adds up what each worker counted, but reports a reading of the shared database once, not once per worker', async () => {
  await request(hx.url).post('/webhooks/generic').send({ id: 'agg-1', from: '+8613700137009', to: 'huixin', text: '人工' }).expect(200);
  // Two workers' readings of one machine: here the same process read twice, as two workers reading one database would.
  const readings = [await hx.metrics!.readings(), await hx.metrics!.readings()];
  const text = await AggregatorRegistry.aggregate(readings).metrics();
  expect(metric(text, 'huixin_webhooks_total', { provider: 'generic', result: 'accepted' })).toBe(2);
  expect(metric(text, 'huixin_outbox_depth', { lane: 'reply', status: 'queued' })).toBe(1);
  expect(metric(text, 'huixin_scheduled_job_lag_seconds')).toBe(0);
});
