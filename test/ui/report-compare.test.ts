import { join } from 'node:path';

// The dashboard's comparison with the period before, its health colours and its numbers (issue 17). UI modules are
// loaded by path, as in business-time.test.ts.
const ui = (file: string) => require(join(__dirname, '../../inbox-ui/src/reports', file));
type Comparison = { arrow: string; tone: string; delta: number | null };
const { compare } = ui('report-compare') as { compare(current: number | null, previous: number | null, better: string): Comparison };
const { healthOf } = ui('report-health') as { healthOf(metric: string, value: number | null): string };
const format = ui('report-format') as {
  changeText(c: Comparison, kind: string, lang: string): string;
  formatValue(v: number | null, kind: string, lang: string): string;
  formatSeconds(s: number, lang: string): string;
};

describe('the comparison arrows', () => {
  it('point the way the figure moved and colour it by whether that is good for the figure', () => {
    expect(compare(0.97, 0.99, 'higher')).toMatchObject({ arrow: '▼', tone: 'bad' });
    expect(compare(0.995, 0.97, 'higher')).toMatchObject({ arrow: '▲', tone: 'good' });
    expect(compare(0.004, 0.002, 'lower')).toMatchObject({ arrow: '▲', tone: 'bad', delta: 0.002 });
    expect(compare(600, 1200, 'lower')).toMatchObject({ arrow: '▼', tone: 'good', delta: -600 });
    expect(compare(120, 80, 'neither')).toMatchObject({ arrow: '▲', tone: 'neutral', delta: 40 });
  });

  it('say "unchanged" for the same value, float noise included, and nothing when a side has no value', () => {
    expect(compare(0.1 + 0.2, 0.3, 'higher')).toEqual({ arrow: '＝', tone: 'neutral', delta: 0 });
    expect(compare(null, 0.98, 'higher')).toEqual({ arrow: '', tone: 'neutral', delta: null });
    expect(compare(4.5, null, 'higher')).toEqual({ arrow: '', tone: 'neutral', delta: null });
  });

  it('write a rate\'s change in percentage points and other changes in their own units', () => {
    expect(format.changeText(compare(0.75, 0.96, 'higher'), 'rate', 'zh-CN')).toBe('▼ 21 个百分点');
    expect(format.changeText(compare(0.983, 0.962, 'higher'), 'rate', 'en')).toBe('▲ 2.1 pt');
    expect(format.changeText(compare(12_345, 2_345, 'neither'), 'count', 'en')).toBe('▲ 10,000');
    expect(format.changeText(compare(0.32, 0.05, 'neither'), 'money', 'zh-CN')).toBe('▲ ¥0.27');
    expect(format.changeText(compare(2400, 3000, 'lower'), 'seconds', 'en')).toBe('▼ 10 min');
    expect(format.changeText(compare(4, null, 'higher'), 'score', 'en')).toBe('');
  });
});

describe('the health colours', () => {
  it('hold the seeds\' lines as the server does: delivery at 98% or more, opt-outs below 0.3%', () => {
    expect(healthOf('deliveryRate', 0.98)).toBe('green');
    expect(healthOf('deliveryRate', 0.9799)).toBe('amber');
    expect(healthOf('deliveryRate', 0.9499)).toBe('red');
    expect(healthOf('optOutRate', 0.0029)).toBe('green');
    expect(healthOf('optOutRate', 0.003)).toBe('amber');
    expect(healthOf('optOutRate', 0.005)).toBe('red');
  });

  it('judge the page\'s own lines and say nothing without a value', () => {
    expect(healthOf('botResolutionRate', 0.5)).toBe('green');
    expect(healthOf('botResolutionRate', 0.2)).toBe('red');
    expect(healthOf('firstResponse', 14 * 60)).toBe('green');
    expect(healthOf('firstResponse', 40 * 60)).toBe('amber');
    expect(healthOf('firstResponse', 2 * 3600)).toBe('red');
    expect(healthOf('csatAverage', 4.0)).toBe('amber');
    expect(healthOf('csatAverage', null)).toBe('none');
  });
});

describe('the numbers in the agent\'s language', () => {
  it('shows rates, money, durations and missing values', () => {
    expect(format.formatValue(0.0025, 'rate', 'en')).toBe('0.25%');
    expect(format.formatValue(0.8333, 'rate', 'zh-CN')).toBe('83.3%');
    expect(format.formatValue(1234.5, 'money', 'en')).toBe('¥1,234.50');
    expect(format.formatValue(4, 'score', 'en')).toBe('4.0');
    expect(format.formatValue(null, 'rate', 'en')).toBe('—');
    expect(format.formatSeconds(45, 'en')).toBe('45 s');
    expect(format.formatSeconds(200, 'zh-CN')).toBe('3分20秒');
    expect(format.formatSeconds(33_600, 'en')).toBe('9 h 20 min');
    expect(format.formatSeconds(90_000, 'zh-CN')).toBe('1天1小时');
  });
});
