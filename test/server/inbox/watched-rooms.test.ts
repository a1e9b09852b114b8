import { EventEmitter } from 'node:events';
import type { Namespace } from 'socket.io';
import { WatchedRooms, type RoomList } from '../../../server/inbox/watched-rooms';
import { createLogger } from '../../../server/shared/logger';
import { eventually } from '../../support/test-server';

// The registry against a namespace and an adapter that record what it sends; the other nodes are played by the test.
type Answer = (err: Error | null, answers: RoomList[]) => void;
function registry(nodes = 2, resyncMs = 60_000) {
  const nsp = new EventEmitter();
  const sent: Array<{ event: string; list: RoomList; answer?: Answer }> = [];
  const adapter = {
    uid: 'here',
    rooms: new Map<string, Set<string>>(),
    serverCount: async () => nodes,
    serverSideEmit: ([event, list, answer]: unknown[]) => { sent.push({ event: event as string, list: list as RoomList, answer: answer as Answer | undefined }); },
  };
  const rooms = new WatchedRooms(nsp as unknown as Namespace, adapter, { tracked: (room) => room.startsWith('conversation:'), log: createLogger('silent'), resyncMs });
  stops.push(() => rooms.stop());
  const hellos = () => sent.filter((s) => s.event === 'huixin:rooms?');
  return { rooms, nsp, sent, adapter, hellos };
}
const stops: Array<() => void> = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));
const only = (...rooms: string[]) => new Set(rooms);
/** Lets the registry take in an answer (it does so after a turn of promises). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('which rooms any node watches', () => {
  it('skips nothing until every node has answered, then only rooms no node lists', async () => {
    const { rooms, hellos } = registry();
    expect(rooms.nobodyElsewhere(only('conversation:1'))).toBe(false);
    hellos()[0].answer!(null, [{ uid: 'there', version: 3, rooms: ['conversation:2'] }]);
    await settle();
    expect(rooms.nobodyElsewhere(only('conversation:1'))).toBe(true);
    expect(rooms.nobodyElsewhere(only('conversation:1', 'conversation:2'))).toBe(false);
    expect(rooms.nobodyElsewhere(only('agents'))).toBe(false);   // untracked: always published
  });

  it('keeps publishing while a node does not answer (an older version, one still starting)', async () => {
    const { rooms, hellos } = registry();
    hellos()[0].answer!(new Error('timeout reached: only 0 responses received out of 1'), []);
    await settle();
    expect(rooms.nobodyElsewhere(only('conversation:1'))).toBe(false);
  });

  // A node's answer to a hello and its own announcements travel on different channels and may arrive in either order.
  it('does not let an older list of a node undo a newer one', async () => {
    const { rooms, nsp, hellos } = registry();
    nsp.emit('huixin:rooms', { uid: 'there', version: 5, rooms: ['conversation:9'] });
    hellos()[0].answer!(null, [{ uid: 'there', version: 4, rooms: [] }]);
    await settle();
    expect(rooms.nobodyElsewhere(only('conversation:9'))).toBe(false);
    nsp.emit('huixin:rooms', { uid: 'there', version: 6, rooms: [] });
    expect(rooms.nobodyElsewhere(only('conversation:9'))).toBe(true);
  });

  it('answers another node with its own rooms, and its joins wait for every node', async () => {
    const { rooms, nsp, adapter, sent } = registry();
    adapter.rooms.set('conversation:4', new Set(['socket-a']));
    adapter.rooms.set('socket-a', new Set(['socket-a']));
    const mine = new Promise<RoomList>((resolve) => nsp.emit('huixin:rooms?', { uid: 'there', version: 0, rooms: [] }, resolve));
    expect(await mine).toEqual({ uid: 'here', version: 0, rooms: ['conversation:4'] });

    let joined = false;
    const join = rooms.joined().then(() => { joined = true; });
    const announced = sent.find((s) => s.event === 'huixin:rooms' && s.answer)!;
    expect(announced.list).toEqual({ uid: 'here', version: 1, rooms: ['conversation:4'] });
    await settle();
    expect(joined).toBe(false);
    announced.answer!(null, []);
    await join;
  });

  it('stops skipping when it counts a node it has not heard from, and asks again', async () => {
    const { rooms, hellos } = registry(3, 20);
    hellos()[0].answer!(null, [{ uid: 'there', version: 0, rooms: [] }]);
    await settle();
    expect(rooms.nobodyElsewhere(only('conversation:1'))).toBe(true);
    await eventually(() => hellos().length === 2);
    expect(rooms.nobodyElsewhere(only('conversation:1'))).toBe(false);
  });

  it('names the rooms of a kind that any node is in, only once it knows every node', async () => {
    const { rooms, adapter, hellos } = registry();
    adapter.rooms.set('agent:3', new Set(['socket-a']));
    const agents = (room: string) => room.startsWith('agent:');
    expect(rooms.roomsAnywhere(agents)).toBeNull();
    hellos()[0].answer!(null, [{ uid: 'there', version: 2, rooms: ['agent:5', 'conversation:1'] }]);
    await settle();
    expect(rooms.roomsAnywhere(agents)).toEqual(new Set(['agent:3', 'agent:5']));
  });

  // A node's news published while this one was cut off is lost: answers to a hello asked before cannot stand for it.
  it('is not made sure by a hello asked before Redis came back', async () => {
    const { rooms, hellos } = registry();
    rooms.reconnected();
    hellos()[0].answer!(null, [{ uid: 'there', version: 1, rooms: [] }]);
    await settle();
    expect(rooms.nobodyElsewhere(only('conversation:1'))).toBe(false);
    hellos()[1].answer!(null, [{ uid: 'there', version: 2, rooms: [] }]);
    await settle();
    expect(rooms.nobodyElsewhere(only('conversation:1'))).toBe(true);
  });

  it('hears everything afresh after its connection to Redis came back', async () => {
    const { rooms, hellos } = registry();
    hellos()[0].answer!(null, []);
    await settle();
    expect(rooms.nobodyElsewhere(only('conversation:1'))).toBe(true);
    rooms.reconnected();
    expect(rooms.nobodyElsewhere(only('conversation:1'))).toBe(false);
    expect(hellos()).toHaveLength(2);
  });
});
