import { nextAfter } from '../../inbox-ui/src/inbox/list-order';

describe('the conversation opened after one leaves the list (resolve, snooze)', () => {
  it('is the one below it, the one above when it was last, and none when the list is empty', () => {
    expect(nextAfter([1, 2, 3, 4], 2, [1, 3, 4])).toBe(3);
    expect(nextAfter([1, 2, 3, 4], 4, [1, 2, 3])).toBe(3);
    expect(nextAfter([1], 1, [])).toBeNull();
  });

  it('skips rows that left at the same moment, and picks nothing for a row it never showed', () => {
    expect(nextAfter([1, 2, 3, 4], 2, [1, 4])).toBe(4);
    expect(nextAfter([1, 2], 9, [1, 2])).toBeNull();
  });
});
