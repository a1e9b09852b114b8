import { join } from 'node:path';

// The 24-hour time field's tidying of what an admin types (inbox-ui/src/shared/time-of-day.ts), loaded by path like
// the other UI modules (the root tsconfig has no DOM types; vue-tsc checks them).
const { normaliseTime, QUARTER_HOURS } = require(join(__dirname, '../../inbox-ui/src/shared/time-of-day')) as {
  normaliseTime(text: string): string; QUARTER_HOURS: string[];
};

describe('a time of day is read 24-hour whatever is typed', () => {
  it.each([
    ['930', '09:30'], ['0930', '09:30'], ['9:30', '09:30'], ['9：30', '09:30'], ['13.45', '13:45'], ['14', '14:00'],
    ['8', '08:00'], [' 18:00 ', '18:00'], ['1330', '13:30'],
  ])('"%s" → %s', (typed, expected) => expect(normaliseTime(typed)).toBe(expected));

  it('keeps what it cannot read, for the field and the server to refuse', () => {
    expect(normaliseTime('noon')).toBe('noon');
    expect(normaliseTime('9:3')).toBe('9:3');
  });

  it('offers every quarter hour from midnight, none as AM/PM', () => {
    expect(QUARTER_HOURS).toHaveLength(96);
    expect([QUARTER_HOURS[0], QUARTER_HOURS[52], QUARTER_HOURS[95]]).toEqual(['00:00', '13:00', '23:45']);
  });
});
