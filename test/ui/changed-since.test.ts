import { changedSince } from '../../inbox-ui/src/inbox/changed-since';

describe('the conversations changed since a list was asked for', () => {
  it('gives back what changed after the mark, each once, in the order last seen', () => {
    const changes = changedSince<{ id: number; status: string }>();
    changes.seen({ id: 1, status: 'open' });
    const asked = changes.mark();
    changes.seen({ id: 2, status: 'open' });
    changes.seen({ id: 1, status: 'resolved' });
    expect(changes.since(asked)).toEqual([{ id: 2, status: 'open' }, { id: 1, status: 'resolved' }]);
    expect(changes.since(changes.mark())).toEqual([]);
  });

  it('answers every request still waiting, whichever comes back first', () => {
    const changes = changedSince<{ id: number }>();
    const list = changes.mark();
    changes.seen({ id: 1 });
    const thread = changes.mark();
    changes.seen({ id: 2 });
    expect(changes.since(thread)).toEqual([{ id: 2 }]);
    expect(changes.since(list)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('forgets the oldest changes beyond what it remembers', () => {
    const changes = changedSince<{ id: number }>(2);
    for (const id of [1, 2, 3]) changes.seen({ id });
    expect(changes.since(0)).toEqual([{ id: 2 }, { id: 3 }]);
  });
});
