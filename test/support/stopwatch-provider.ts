import type { OutboundSms, SendResult, SmsProvider } from '../../server/channels/sms-provider';

/** A provider that only notes when each send reached it (this process's clock, ms), for tests of send rates. */
export class StopwatchProvider implements SmsProvider {
  readonly name = 'loopback';
  readonly at: number[] = [];
  constructor(private readonly status: 'sent' | 'delivered' = 'delivered') {}
  async send(sms: OutboundSms): Promise<SendResult> {
    this.at.push(performance.now());
    return { providerMessageId: `stopwatch-${sms.messageId}`, status: this.status };
  }
}

/** The most sends inside any one-second window that starts at a send. */
export const busiestSecond = (times: number[]) => Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
