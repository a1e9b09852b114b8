import { HttpError } from '../../../server/http/errors';
import { daysOf, parseReportRange } from '../../../server/reports/report-range';

describe('report range', () => {
  it('bounds local days in the business time zone, with the previous period of the same length', () => {
    const r = parseReportRange({ from: '2026-11-01', to: '2026-11-30' }, 'Asia/Shanghai');
    expect(r.start.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(r.end.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(r.days).toBe(30);
    expect(r.previous).toMatchObject({ from: '2026-10-02', to: '2026-10-31' });
    expect(r.previous.end).toEqual(r.start);
  });

  it('a day across a DST change is 25 hours long', () => {
    const [day] = daysOf(parseReportRange({ from: '2026-11-01', to: '2026-11-01' }, 'America/New_York'));
    expect((day!.end.getTime() - day!.start.getTime()) / 3_600_000).toBe(25);
  });

  it.each([
    [{ to: '2026-11-01' }, 'from'],
    [{ from: '2026-11-31', to: '2026-12-01' }, 'from'],
    [{ from: '2026-11-02', to: '2026-11-01' }, 'from'],
    [{ from: '2020-01-01', to: '2026-11-01' }, 'to'],
  ])('refuses %j naming %s', (query, field) => {
    try { parseReportRange(query, 'Asia/Shanghai'); throw new Error('accepted'); } catch (e) {
      expect(e).toBeInstanceOf(HttpError);
      expect((e as HttpError).field).toBe(field);
    }
  });
});
