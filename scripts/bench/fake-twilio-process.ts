/**
 * The fake Twilio of test/support in a process of its own, for bench:outbox-send: in the bench's process its HTTP
 * server would share the sender's one core and its CPU would count as the sender's. Answers every send after
 * `--delay` ms (default 50); prints its URL as the first line of stdout and serves until killed.
 */
import { FakeTwilio } from '../../test/support/fake-twilio';
import { arg } from './agent-clients';

async function main(): Promise<void> {
  const twilio = await new FakeTwilio().start();
  twilio.responseDelayMs = arg('delay', 50);
  // Nothing reads the sends back: keeping 20,000 of them would only grow this process.
  setInterval(() => { twilio.sends.length = 0; }, 1000).unref();
  console.log(twilio.url);
}

main().catch((err) => { console.error(err); process.exit(1); });
