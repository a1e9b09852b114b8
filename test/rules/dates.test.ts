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

describe('chrono, as the engine loads it', () => {
  it('compiles each simplified-Chinese date pattern once, not on every text', async () => {
    const chrono = await import('chrono-node');
    extractWhen('改到明天下午三点', NOW, 'Asia/Shanghai');   // the engine's module has loaded and parsed once
    const context = { option: { forwardDate: true }, refDate: new Date(NOW) };
    for (const parser of chrono.zh.hans.casual.parsers as unknown as Array<{ pattern?(c: unknown): RegExp }>) {
      if (typeof parser.pattern !== 'function') continue;
      expect(parser.pattern(context)).toBe(parser.pattern(context));
    }
    // Still read right after the patterns are kept.
    expect(extractWhen('改到后天上午十点', NOW, 'Asia/Shanghai')).toBe('2025-11-24T02:00:00.000Z');   // Monday 10:00 in Shanghai
  });
});
