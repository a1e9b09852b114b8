/**
 * The bench's agents, in a process of their own (as browsers would be), so decoding 200 sockets' frames does not
 * slow the server being measured. Told by the parent which sockets to open (each on its own node's URL); reports,
 * per round key, the wall-clock arrival time on every socket, in the order the sockets were given, so the parent
 * knows which node each arrival came through (performance.timeOrigin + now(): comparable across processes).
 */
import { io as connect, type Socket } from 'socket.io-client';

interface Start { urls: string[]; auths: object[]; event: string; keyOf: 'contactPhone' | 'seq' }

const now = () => performance.timeOrigin + performance.now();

process.once('message', async (start: Start) => {
  const sockets = await Promise.all(start.auths.map((auth, i) => new Promise<Socket>((resolve, reject) => {
    const s = connect(start.urls[i], { auth, transports: ['websocket'], forceNew: true, reconnection: false });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  })));
  const arrivals = new Map<string, { times: number[]; count: number }>();
  sockets.forEach((s, index) => {
    const seen = new Set<string>();
    s.on(start.event, (payload: { contact?: { phone: string }; seq?: number }) => {
      const key = start.keyOf === 'contactPhone' ? payload.contact?.phone : String(payload.seq);
      if (!key || seen.has(key)) return;
      seen.add(key);
      const at = now();
      const round = arrivals.get(key) ?? { times: new Array<number>(sockets.length), count: 0 };
      round.times[index] = at;
      arrivals.set(key, round);
      if (++round.count === sockets.length) { process.send!({ key, arrivals: round.times }); arrivals.delete(key); }
    });
  });
  process.send!({ ready: true });
  process.once('message', () => { sockets.forEach((s) => s.close()); process.exit(0); });
});
