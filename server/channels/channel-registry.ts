import { type DataSource, type EntityManager } from 'typeorm';
import type { Config } from '../config';
import { Channel } from '../db/entities';
import type { ChannelSecrets } from './channel-secrets';
import { LoopbackProvider } from './loopback.channel';
import type { SmsProvider } from './sms-provider';
import { TwilioProvider } from './twilio.channel';
import type { TemplateMapping } from './provider-templates';
import { newAliyunProvider, newTencentProvider } from './carrier-providers';

/** What a provider is built from for one channel: its row's sender and options, its secrets opened. */
export interface ChannelSettings { sender: string; config: Record<string, string>; secrets: Record<string, string>; templates: TemplateMapping | null }

export type ProviderFactory = (channel: ChannelSettings, env: Config) => SmsProvider;

const statusCallbackUrl = (env: Config) => (env.PUBLIC_URL ? `${env.PUBLIC_URL.replace(/\/$/, '')}/webhooks/twilio/status` : undefined);

/**
 * How each provider is built for a channel; a new provider adds one line. A channel on the same Twilio account as
 * the environment needs only its number: the account and token default to the environment's. The API base always
 * comes from the environment, so an admin cannot point a channel's credentials at another host.
 */
export const providerFactories: Record<string, ProviderFactory> = {
  loopback: () => new LoopbackProvider(),
  twilio: (ch, env) => new TwilioProvider({
    accountSid: ch.config.accountSid || env.TWILIO_ACCOUNT_SID || '', authToken: ch.secrets.authToken || env.TWILIO_AUTH_TOKEN || '',
    from: ch.sender, apiBase: env.TWILIO_API_BASE, statusCallbackUrl: statusCallbackUrl(env),
  }),
  // The sender is the approved 签名; the mapping is the channel's own, or the environment's until an admin maps one.
  aliyun: (ch, env) => newAliyunProvider({
    accessKeyId: ch.config.accessKeyId || env.ALIYUN_ACCESS_KEY_ID || '', accessKeySecret: ch.secrets.accessKeySecret || env.ALIYUN_ACCESS_KEY_SECRET || '',
    signName: ch.sender, endpoint: env.ALIYUN_SMS_ENDPOINT, templates: ch.templates ?? env.ALIYUN_TEMPLATES,
  }),
  tencent: (ch, env) => newTencentProvider({
    secretId: ch.config.secretId || env.TENCENT_SECRET_ID || '', secretKey: ch.secrets.secretKey || env.TENCENT_SECRET_KEY || '',
    sdkAppId: ch.config.sdkAppId || env.TENCENT_SMS_SDK_APP_ID || '', signName: ch.sender,
    endpoint: env.TENCENT_SMS_ENDPOINT, region: env.TENCENT_SMS_REGION, templates: ch.templates ?? env.TENCENT_TEMPLATES,
  }),
};

/** The secret option names each provider takes, for the admin's form and the API's validation. */
export const providerSecretKeys: Record<string, string[]> = {
  loopback: [], twilio: ['authToken'], aliyun: ['accessKeySecret', 'callbackSecret'], tencent: ['secretKey', 'callbackSecret'],
};
/** The non-secret options each provider reads from a channel's config, for the admin's form. */
export const providerConfigKeys: Record<string, string[]> = {
  loopback: [], twilio: ['accountSid'], aliyun: ['accessKeyId', 'callbackIps'], tencent: ['secretId', 'sdkAppId', 'callbackIps'],
};

/**
 * Where a message goes out: the provider built for its channel, the key its rate is counted under, and that rate;
 * `signName`, the 【签名】 a provider that signs texts itself puts on them (for counting billed parts).
 */
export interface ChannelRoute { provider: SmsProvider; key: string; ratePerSecond: number | null; signName?: string | null }

/** What queuing a reply asks of the channels: the conversation's channel while it is active, else the default provider. */
export type ReplyChannels = Pick<ChannelRegistry, 'activeChannel' | 'defaultProvider'>;

/** How long a node trusts its channel list before asking whether it changed (when it has not been told). */
const RECHECK_MS = 1000;

/**
 * The channels' version (their count and latest updated_at: every create and PATCH moves it) as two columns any
 * statement can carry: the sender reads it with each claim's contacts, the registry on its own (channelsVersionOf reads them).
 */
export const CHANNELS_VERSION_SQL = '(SELECT COUNT(*) FROM channels) AS channels_n, (SELECT MAX(updated_at) FROM channels) AS channels_latest';

export function channelsVersionOf(raw: Record<string, unknown>): string {
  const latest = raw.channels_latest;
  // Milliseconds count: two PATCHes of one row within a second are two versions.
  return `${String(raw.channels_n ?? 0)}/${latest instanceof Date ? latest.toISOString() : String(latest ?? '')}`;
}

/** Every channel row (switched off ones too: a message keeps the channel it came in on) and the active ones among them. */
interface ChannelSnapshot { version: string; rows: Channel[]; active: Channel[]; checkedAt: number }

/** What is made from one version of a channel's row: its secrets opened, and its provider once something sends or fetches. */
interface Opened { version: number; secrets: Record<string, string>; provider?: SmsProvider | null }

/**
 * The environment's provider is the default channel (channel id null: every row from before channels existed, and
 * every conversation whose customer texted a number no channel row names). Rows of the channels table add others;
 * each gets a provider instance of its own, rebuilt when the row changes (its updated_at), on every node.
 *
 * The channels are held in memory, keyed by a version (their count and latest updated_at: every create and PATCH
 * moves it), so neither a send, an inbound text, a provider's callback nor a queued reply reads the channels table
 * or opens a channel's secrets. A node that changes a channel drops its copy at once (invalidate); other nodes compare
 * the version at most once a second (RECHECK_MS), and the sender reads it with the contacts of each batch it claims, so a PATCH
 * reaches every node's next batch of sends.
 */
export class ChannelRegistry {
  private readonly opened = new Map<number, Opened>();
  private snapshot: ChannelSnapshot | null = null;
  private loading: Promise<ChannelSnapshot> | null = null;
  /** The manager `loading` reads through. */
  private loadingEm: EntityManager | null = null;
  private generation = 0;

  constructor(private readonly ds: DataSource, private readonly env: Config, readonly defaultProvider: SmsProvider,
    private readonly secrets: ChannelSecrets) {}

  get defaultRoute(): ChannelRoute {
    const signName = this.defaultProvider.name === 'aliyun' ? this.env.ALIYUN_SIGN_NAME : this.defaultProvider.name === 'tencent' ? this.env.TENCENT_SIGN_NAME : null;
    return { provider: this.defaultProvider, key: 'default', ratePerSecond: this.env.SMS_RATE_PER_SECOND ?? null, signName: signName ?? null };
  }

  /** A channel was created or changed on this node: the next look-up reads the table again. */
  invalidate(): void {
    this.snapshot = null;
    this.loading = null;
    this.generation++;   // a read begun before the change must not be kept
  }

  /** The active channels, compared with the table's version when the copy is older than `maxAgeMs`. */
  async refresh(maxAgeMs = RECHECK_MS, em: EntityManager = this.ds.manager): Promise<Channel[]> {
    return (await this.current(maxAgeMs, em)).active;
  }

  /**
   * The active channels as of `version`, which the caller read itself (the sender, with the contacts of the batch it
   * claimed): no statement of its own unless the channels changed since this copy was made.
   */
  async activeAt(version: string): Promise<Channel[]> {
    const held = this.snapshot;
    if (held?.version !== version) return this.refresh(0);
    held.checkedAt = performance.now();   // just compared: the webhooks' once-a-second check can wait
    return held.active;
  }

  /** Any channel by id, switched off or not; null for the default channel or an id no row has. */
  async channel(channelId: number | null, em: EntityManager = this.ds.manager): Promise<Channel | null> {
    if (!channelId) return null;
    const find = (s: ChannelSnapshot) => s.rows.find((c) => c.id === channelId);
    // An id the copy does not know was made after it (another node's channel, a moment ago): compare before saying none.
    return find(await this.current(RECHECK_MS, em)) ?? find(await this.current(0, em)) ?? null;
  }

  /** The channel a conversation's replies leave through: its own while active, else null (the default channel). */
  async activeChannel(channelId: number | null, em: EntityManager = this.ds.manager): Promise<Channel | null> {
    const channel = await this.channel(channelId, em);
    return channel?.active ? channel : null;
  }

  /** A channel switched off (or removed) sends nothing: its conversations are answered from the default channel. */
  async routeFor(channelId: number | null): Promise<ChannelRoute> {
    if (channelId === null) return this.defaultRoute;
    return this.routeAmong(await this.refresh(), channelId);
  }

  /** routeFor over a list already current (the sender's, as of the version its claim read). */
  routeAmong(active: Channel[], channelId: number | null): ChannelRoute {
    const channel = channelId === null ? undefined : active.find((c) => c.id === channelId);
    const provider = channel && this.providerForRow(channel);
    if (!channel || !provider) return this.defaultRoute;
    return { provider, key: `channel-${channel.id}`, ratePerSecond: channel.ratePerSecond, signName: channel.sender };
  }

  /**
   * The provider of a channel's row, built once per version of the row and shared by every use (sends, media);
   * null for a provider no factory knows.
   */
  providerForRow(channel: Channel): SmsProvider | null {
    const opened = this.open(channel);
    if (opened.provider === undefined) {
      const factory = providerFactories[channel.provider];
      opened.provider = factory ? factory({ sender: channel.sender, config: channel.config, secrets: opened.secrets, templates: channel.templates }, this.env) : null;
    }
    return opened.provider;
  }

  /** A channel's secrets, opened once per version of its row rather than on every callback. */
  secretsOf(channel: Channel): Record<string, string> {
    return this.open(channel).secrets;
  }

  /** The auth tokens of active Twilio channels on `accountSid`, for checking the signature of that account's webhooks. */
  async twilioTokens(accountSid: string): Promise<string[]> {
    const channels = (await this.refresh()).filter((c) => c.provider === 'twilio' && c.config.accountSid === accountSid);
    return channels.map((c) => this.secretsOf(c).authToken).filter((t): t is string => !!t);
  }

  /**
   * The channel an inbound SMS came in on: an active row of its provider whose sender is the number texted (or the
   * Messaging Service / dest code it names); null, the default channel, when none is.
   */
  async texted(em: EntityManager, provider: string, keys: string[]): Promise<Channel | null> {
    const names = keys.filter(Boolean);
    if (!names.length) return null;
    const found = (await this.refresh(RECHECK_MS, em)).filter((c) => c.provider === provider && names.includes(c.sender));
    // The number texted is the most precise name; a Messaging Service covers a pool of them.
    return found.sort((a, b) => names.indexOf(a.sender) - names.indexOf(b.sender) || a.id - b.id)[0] ?? null;
  }

  private open(channel: Channel): Opened {
    const version = channel.updatedAt.getTime();
    let opened = this.opened.get(channel.id);
    if (!opened || opened.version !== version) {
      opened = { version, secrets: this.secrets.open(channel.secrets) };
      this.opened.set(channel.id, opened);
    }
    return opened;
  }

  private async current(maxAgeMs: number, em: EntityManager): Promise<ChannelSnapshot> {
    const held = this.snapshot;
    if (held && performance.now() - held.checkedAt < maxAgeMs) return held;
    // A caller inside a transaction never waits for a read on another connection: under a burst of texts every pooled
    // connection can be held by such transactions, and that read would wait for one of them until the pool timeout.
    if (this.loading && this.loadingEm !== em && em.queryRunner?.isTransactionActive) return this.load(held, em);
    if (!this.loading) {
      const loading = this.load(held, em).finally(() => { if (this.loading === loading) this.loading = null; });
      this.loading = loading;
      this.loadingEm = em;
    }
    return this.loading;
  }

  private async load(held: ChannelSnapshot | null, em: EntityManager): Promise<ChannelSnapshot> {
    const generation = this.generation;
    const [raw] = await em.query(`SELECT ${CHANNELS_VERSION_SQL}`) as Array<Record<string, unknown>>;
    const version = channelsVersionOf(raw ?? {});
    const rows = held && held.version === version ? held.rows : await em.find(Channel, { order: { id: 'ASC' } });
    const snapshot = { version, rows, active: rows.filter((c) => c.active), checkedAt: performance.now() };
    if (generation === this.generation) this.snapshot = snapshot;
    return snapshot;
  }
}
