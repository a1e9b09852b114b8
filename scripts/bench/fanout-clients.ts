/**
 * The bench's agents, in a process of their own (as browsers would be), so decoding 200 sockets' frames does not
 * slow the server being measured. Told by the parent which sockets to open; reports, per round key, the wall-clock
 * arrival time on every socket (performance.timeOrigin + now(): comparable across processes on one machine).
 */
import { io as connect, type Socket } from 'socket.io-client';

interface Start { url: string; auths: object[]; event: string; keyOf: 'contactPhone' | 'seq' }

const now = () => performance.timeOrigin + performance.now();

process.once('message', async (start: Start) => {
  const sockets = await Promise.all(start.auths.map((auth) => new Promise<Socket>((resolve, reject) => {
    const s = connect(start.url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  })));
  const arrivals = new Map<string, number[]>();
  for (const s of sockets) {
    const seen = new Set<string>();
    s.on(start.event, (payload: { contact?: { phone: string }; seq?: number }) => {
      const key = start.keyOf === 'contactPhone' ? payload.contact?.phone : String(payload.seq);
      if (!key || seen.has(key)) return;
      seen.add(key);
      const list = arrivals.get(key) ?? [];
      list.push(now());
      arrivals.set(key, list);
      if (list.length === sockets.length) { process.send!({ key, arrivals: list }); arrivals.delete(key); }
    });
  }
  process.send!({ ready: true });
  process.once('message', () => { sockets.forEach((s) => s.close()); process.exit(0); });
});
