import type { DataSource } from 'typeorm';
import type { RulesetCache } from './admin/ruleset-cache';
import type { LoginBrake } from './auth/login-brake';
import type { SessionStore } from './auth/sessions';
import type { ChannelRegistry } from './channels/channel-registry';
import type { ChannelSecrets } from './channels/channel-secrets';
import type { SmsProvider } from './channels/sms-provider';
import type { Config } from './config';
import type { ConversationService } from './conversations/conversation.service';
import type { EventBus } from './events/event-bus';
import type { Readiness } from './health/readiness';
import type { InboxEvents } from './inbox/inbox-events';
import type { Presence } from './inbox/presence';
import type { HuixinMetrics } from './metrics/huixin-metrics';
import type { Clock } from './shared/clock';
import type { ReplyHandOff } from './conversations/outbox-sender';
import type { Logger } from './shared/logger';

/** What every capability is built from; assembled once in huixin.ts. */
export interface AppDeps {
  config: Config;
  ds: DataSource;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  /** The environment's provider: the default channel. */
  provider: SmsProvider;
  /** Every channel's provider, by channel id (null: the default). */
  channels: ChannelRegistry;
  /** Seals and opens the secrets of channels added in the admin (CHANNEL_SECRETS_KEY). */
  channelSecrets: ChannelSecrets;
  rulesets: RulesetCache;
  sessions: SessionStore;
  /** Failed-login counters, shared by every node through Redis when REDIS_URL is set. */
  loginBrake: LoginBrake;
  /** Agents' and timers' changes of a conversation's status or owner. */
  conversations: ConversationService;
  /** Notes, mentions and availability changes, for the inbox gateway to relay. */
  inboxEvents: InboxEvents;
  /** Who is connected to the inbox, on any node. */
  presence: Presence;
  /** This Huixin's counters for /metrics; null when no one can read them (METRICS_TOKEN and METRICS_PORT unset). */
  metrics: HuixinMetrics | null;
  /** What GET /readyz reports; told when the node starts draining. */
  readiness: Readiness;
  /** This node's outbox sender, taking the bot's replies at commit (receive-inbound.ts); absent in tests that send by hand. */
  replies?: ReplyHandOff;
}
