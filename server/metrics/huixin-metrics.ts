import type { GroupObserver } from '../db/group-commit';
import { Counter, Gauge, Histogram, Registry, type Aggregator, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { Action, Stage } from '../../rules/types';
import type { Logger } from '../shared/logger';
import { processMetrics } from './process-metrics';

/**
 * HTTP answers around the goals: a webhook committed in a few ms, a page of the inbox under 100 ms, nothing over 1 s;
 * the buckets are dense where those lines are drawn.
 */
export const HTTP_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** A provider call: tens of ms for a healthy API, seconds for a struggling one, up to the HTTP client's time-outs. */
export const SEND_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** How a provider's callback was answered, from its status: only the classes a provider acts on (retry or not). */
export type WebhookResult = 'accepted' | 'refused' | 'invalid' | 'unavailable' | 'error';
/** What became of one inbound text: decided and stored, a provider's repeat, or stored for a person after a bug. */
export type InboundOutcome = 'stored' | 'duplicate' | 'pipeline_error';
/** How one outbound row's delivery ended: `retrying` is queued again after a retryable failure. */
export type SendOutcome = 'sent' | 'retrying' | 'failed' | 'refused';

/**
 * Makes a gauge of one scrape-time reader. `aggregator` says how a machine's workers' readings add up into the node's
 * (worker-metrics.ts): 'sum' (the default) for what each process has, 'max' for a reading of the shared database,
 * which every worker makes alike.
 */
export type GaugeMaker = <L extends string>(name: string, help: string, labelNames?: readonly L[], aggregator?: Aggregator) => Gauge<L>;

/** One process's metrics as prom-client's JSON, which its AggregatorRegistry adds up. */
export type MetricReadings = Array<MetricObjectWithValues<MetricValue<string>>>;

interface Reader { registry: Registry; read: () => Promise<void> | void; inFlight: Promise<void> | null }

/**
 * The longest a scrape waits for one reader. A database that hangs must not hang Prometheus's scrape too: the reader's
 * gauges are left out of that scrape and `huixin_metrics_read_failures_total` says which one gave up.
 */
export const SCRAPE_READ_MS = 1000;

/**
 * One Huixin's metrics in a registry of its own, so several Huixins in one process (tests, the benches) never count
 * into each other. Labels are only ever names from a closed set (route patterns, providers, stages, actions, lanes),
 * never a phone number, a contact or a raw URL.
 */
export class HuixinMetrics {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;
  private readonly readers = new Map<string, Reader>();
  /** Set in a cluster worker: /metrics answers with the whole machine's figures (worker-metrics.ts). */
  private wholeNode: (() => Promise<string>) | null = null;

  private readonly httpRequests = new Counter({
    name: 'huixin_http_requests_total', help: 'HTTP requests answered, by method, express route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const, registers: [this.registry],
  });
  private readonly httpSeconds = new Histogram({
    name: 'huixin_http_request_duration_seconds', help: 'Time from a request\'s arrival to its answer being sent, by method and route.',
    labelNames: ['method', 'route'] as const, buckets: HTTP_SECONDS, registers: [this.registry],
  });
  private readonly webhooks = new Counter({
    name: 'huixin_webhooks_total', help: 'Provider callbacks (inbound texts, delivery receipts) by provider and how they were answered.',
    labelNames: ['provider', 'result'] as const, registers: [this.registry],
  });
  private readonly inboundTexts = new Counter({
    name: 'huixin_inbound_messages_total', help: 'Inbound texts by provider and outcome: stored with a decision, a repeat of one stored before, or stored for a person after a pipeline error.',
    labelNames: ['provider', 'outcome'] as const, registers: [this.registry],
  });
  private readonly decisions = new Counter({
    name: 'huixin_decisions_total', help: 'Committed rules-engine decisions by the stage that decided and the action it chose.',
    labelNames: ['stage', 'action'] as const, registers: [this.registry],
  });
  private readonly sendSeconds = new Histogram({
    name: 'huixin_sms_send_duration_seconds', help: 'Provider send calls (one text, or one batch) by provider: the call alone, not the wait for the channel\'s rate.',
    labelNames: ['provider'] as const, buckets: SEND_SECONDS, registers: [this.registry],
  });
  private readonly sends = new Counter({
    name: 'huixin_sms_sends_total', help: 'Outbound texts by provider and how their delivery attempt ended: sent, retrying, failed for good, or refused (opted out).',
    labelNames: ['provider', 'outcome'] as const, registers: [this.registry],
  });
  private readonly groupSizes = new Histogram({
    name: 'huixin_db_commit_group_size', help: 'Texts per MariaDB commit group (db/group-commit.ts): 1 is a text that found nothing to share its commit with.',
    buckets: [1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 100, 200], registers: [this.registry],
  });
  private readonly groupOutcomes = new Counter({
    name: 'huixin_db_commit_groups_total', help: 'Commit groups of two or more texts by outcome: committed as one, rolled back and each text run alone again (rerun), or answered 503 because the database did not answer (unavailable).',
    labelNames: ['outcome'] as const, registers: [this.registry],
  });
  private readonly groupTimeouts = new Counter({
    name: 'huixin_db_commit_group_timeouts_total', help: 'Texts answered 503 after waiting for a commit group longer than DB_TIMEOUT_MS.', registers: [this.registry],
  });
  private readonly readFailures = new Counter({
    name: 'huixin_metrics_read_failures_total', help: `Scrape-time reads that failed or took longer than ${SCRAPE_READ_MS} ms; their gauges were left out of that scrape.`,
    labelNames: ['reader'] as const, registers: [this.registry],
  });

  constructor(private readonly log: Logger) {
    // Made with the metrics, not at the first scrape: prom-client counts process CPU from the moment its counters are
    // made, so a registry made by the first scrape would report ~0 s for all the work done before it.
    processMetrics();
  }

  httpRequest(method: string, route: string, status: number | 'aborted', seconds: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.httpSeconds.observe({ method, route }, seconds);
  }

  webhook(provider: string, status: number): void {
    this.webhooks.inc({ provider, result: webhookResult(status) });
  }

  inbound(provider: string, outcome: InboundOutcome): void {
    this.inboundTexts.inc({ provider, outcome });
  }

  decided(stage: Stage, action: Action): void {
    this.decisions.inc({ stage, action });
  }

  /** Group commit's observer (db/group-commit.ts observeGroups). */
  readonly commitGroups: GroupObserver = {
    ran: (size, outcome) => {
      this.groupSizes.observe(size);
      if (outcome !== 'alone') this.groupOutcomes.inc({ outcome });
    },
    timedOut: () => { this.groupTimeouts.inc(); },
  };

  sendCall(provider: string, seconds: number): void {
    this.sendSeconds.observe({ provider }, seconds);
  }

  sent(provider: string, outcome: SendOutcome): void {
    this.sends.inc({ provider, outcome });
  }

  /**
   * Gauges set by `read` when /metrics is read (a database query, a count). Each reader's gauges are written out only
   * when its read finished in time; otherwise they are left out of that scrape and
   * `huixin_metrics_read_failures_total{reader}` counts it. A reader runs at most once at a time: a scrape that comes
   * while the last read still waits joins it instead of piling another query onto a slow database.
   * @example
   * metrics.readAtScrape('jobs', (gauge) => ({ lag: gauge('huixin_scheduled_job_lag_seconds', '…') }), async ({ lag }) => lag.set(await lagOf(ds)));
   */
  readAtScrape<G>(name: string, define: (gauge: GaugeMaker) => G, read: (gauges: G) => Promise<void> | void): void {
    const registry = new Registry();
    const gauges = define((gaugeName, help, labelNames = [], aggregator = 'sum') => new Gauge({ name: gaugeName, help, labelNames, aggregator, registers: [registry] }));
    this.readers.set(name, { registry, read: () => { registry.resetMetrics(); return read(gauges); }, inFlight: null });
  }

  /**
   * What /metrics answers: this Huixin's metrics with the readings that came in time, and those of the process it runs
   * in; in a cluster worker, the same added up over every worker of the machine.
   */
  async render(): Promise<string> {
    if (this.wholeNode) return this.wholeNode();
    const texts = await Promise.all((await this.freshRegistries()).map((registry) => registry.metrics()));
    return texts.join('');
  }

  /** This process's part of a machine's scrape, as JSON for the aggregation. */
  async readings(): Promise<MetricReadings> {
    const parts = await Promise.all((await this.freshRegistries()).map((registry) => registry.getMetricsAsJSON()));
    return parts.flat() as MetricReadings;
  }

  /** From now on render() gives `scrape`'s answer: the figures of every worker of this machine. */
  renderWholeNode(scrape: () => Promise<string>): void {
    this.wholeNode = scrape;
  }

  private async freshRegistries(): Promise<Registry[]> {
    const readers = [...this.readers.entries()];
    const fresh = await Promise.all(readers.map(([name, reader]) => this.runReader(name, reader)));
    return [this.registry, ...readers.filter((_, i) => fresh[i]).map(([, reader]) => reader.registry), processMetrics()];
  }

  private async runReader(name: string, reader: Reader): Promise<boolean> {
    reader.inFlight ??= Promise.resolve().then(reader.read).finally(() => { reader.inFlight = null; });
    const outcome = await withinDeadline(reader.inFlight, SCRAPE_READ_MS);
    if (outcome !== true) {
      this.readFailures.inc({ reader: name });
      if (outcome !== 'late') this.log.warn({ err: outcome.err, reader: name }, 'metrics read failed');
    }
    return outcome === true;
  }
}

/** true when `work` succeeded within `ms`, 'late' when it is still running (it is left to finish), or its error. */
function withinDeadline(work: Promise<void>, ms: number): Promise<true | 'late' | { err: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), ms); });
  return Promise.race([work.then(() => true as const, (err: unknown) => ({ err })), late]).finally(() => clearTimeout(timer));
}

/**
 * @example webhookResult(200) // → 'accepted'
 * @example webhookResult(403) // → 'refused' (a signature, secret or source address that does not pass)
 * @example webhookResult(503) // → 'unavailable' (the database: the provider retries)
 */
export function webhookResult(status: number): WebhookResult {
  if (status < 400) return 'accepted';
  if (status === 401 || status === 403) return 'refused';
  if (status === 503) return 'unavailable';
  return status < 500 ? 'invalid' : 'error';
}
