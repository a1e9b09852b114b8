import { pieces } from '../../../server/reports/rollup-read';

// How a range of hours is read from the roll-ups (rollup-read.ts): whole UTC months from the month rows on the
// monthly dimensions (the time histograms), whole days from the day rows, the ragged ends from the hour rows.

const hour = (iso: string) => Date.parse(iso) / 3_600_000;

describe('the roll-up rows a range reads', () => {
  // A year of Shanghai days: 2025-12-05 00:00 to 2026-12-05 00:00 local, 16:00 UTC the day before.
  const year = { start: hour('2025-12-04T16:00:00Z'), end: hour('2026-12-04T16:00:00Z') };

  it('a year on a monthly dimension: eleven months, the days around them, eight hours at each end', () => {
    expect(pieces(year, true)).toEqual([
      { grain: 'm', start: hour('2026-01-01T00:00:00Z'), end: hour('2026-12-01T00:00:00Z') },
      { grain: 'd', start: hour('2025-12-05T00:00:00Z'), end: hour('2026-01-01T00:00:00Z') },
      { grain: 'd', start: hour('2026-12-01T00:00:00Z'), end: hour('2026-12-04T00:00:00Z') },
      { grain: 'h', start: year.start, end: hour('2025-12-05T00:00:00Z') },
      { grain: 'h', start: hour('2026-12-04T00:00:00Z'), end: year.end },
    ]);
  });

  it('the same year on any other dimension reads its days; a range inside one month reads no month row', () => {
    expect(pieces(year, false).map((p) => p.grain)).toEqual(['d', 'h', 'h']);
    expect(pieces({ start: hour('2026-11-01T00:00:00Z'), end: hour('2026-11-30T00:00:00Z') }, true)).toEqual([
      { grain: 'd', start: hour('2026-11-01T00:00:00Z'), end: hour('2026-11-30T00:00:00Z') },
    ]);
  });

  it('a range of whole months reads their month rows alone', () => {
    expect(pieces({ start: hour('2026-01-01T00:00:00Z'), end: hour('2026-04-01T00:00:00Z') }, true)).toEqual([
      { grain: 'm', start: hour('2026-01-01T00:00:00Z'), end: hour('2026-04-01T00:00:00Z') },
    ]);
  });
});
