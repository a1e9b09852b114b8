import { lastAsked } from '../../inbox-ui/src/shared/last-asked';

describe('keeping only the answer to the request asked last', () => {
  it('uses a slow first answer only while nothing newer was asked', async () => {
    const times = lastAsked();
    const shown: string[] = [];
    const load = async (day: string, delay: number) => {
      const isLast = times.ask();
      await new Promise((r) => setTimeout(r, delay));
      if (isLast()) shown.push(day);
    };
    await Promise.all([load('today', 30), load('wednesday', 0)]);
    expect(shown).toEqual(['wednesday']);
    await load('friday', 0);
    expect(shown).toEqual(['wednesday', 'friday']);
  });

  it('keeps one request list apart from another', () => {
    const a = lastAsked();
    const b = lastAsked();
    const isLastA = a.ask();
    b.ask();
    expect(isLastA()).toBe(true);
  });
});
