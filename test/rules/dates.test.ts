import cases from './cases-dates.json';
import { extractWhen } from '../../rules';
import { NOW } from './support';

interface DateCase { description: string; text: string; now?: string; timezone?: string; expected: string | null }

/** chrono-node resolves 今天/明天 in the process time zone; the engine must not. Run the table in several. */
describe.each(['UTC', 'America/New_York', 'Pacific/Kiritimati'])('extractWhen with the process in %s', (processTz) => {
  const saved = process.env.TZ;
  beforeAll(() => { process.env.TZ = processTz; });
  afterAll(() => { process.env.TZ = saved; });

  test.each((cases as DateCase[]).map((c) => [c.description, c] as const))('%s', (_d, c) => {
    expect(extractWhen(c.text, c.now ?? NOW, c.timezone ?? 'Asia/Shanghai') ?? null).toBe(c.expected);
  });
});
