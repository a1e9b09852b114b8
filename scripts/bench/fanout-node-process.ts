/**
 * One Huixin node for bench:fanout in a process of its own (fanout-nodes.ts): started with the environment it is
 * sent, it reports its URL, then each publish of a `conversation:updated` ({ phone, published: { at, cpuMs } }); it drains its sender or
 * stops when asked.
 */
import { loadConfig } from '../../server/config';
import { startHuixin } from '../../server/huixin';
import { onPublished } from './fanout-nodes';

process.once('message', async ({ env }: { env: NodeJS.ProcessEnv }) => {
  const hx = await startHuixin(loadConfig(env));
  onPublished(hx.bus, (phone, published) => process.send!({ phone, published }));
  process.on('message', async (m: string) => {
    if (m === 'drain') { await hx.sender.drain(); process.send!({ drained: true }); }
    if (m === 'stop') { await hx.stop(); process.exit(0); }
  });
  process.send!({ url: hx.url });
});
