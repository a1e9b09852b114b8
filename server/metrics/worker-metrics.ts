import { AggregatorRegistry } from 'prom-client';
import { isScrapeMessage, RELAY_WAIT_MS, type ScrapeMessage } from '../cluster/metrics-relay';
import type { HuixinMetrics, MetricReadings } from './huixin-metrics';

/** Past the primary's own wait, so its partial answer (a worker left out) arrives before this gives up. */
const SCRAPE_WAIT_MS = RELAY_WAIT_MS + 2000;

/**
 * A cluster worker's metrics, scraped for the whole machine: whichever worker a scrape reaches (on PORT through the
 * primary, or on METRICS_PORT, which the workers share), it answers with every worker's figures added up by prom-client
 * (counters and histograms summed; gauges by their `aggregator`), so a node is one Prometheus target whatever
 * WEB_CONCURRENCY is. It also answers the primary's requests for its own readings. cluster/metrics-relay.ts carries it.
 */
export function scrapeWholeMachine(metrics: HuixinMetrics): void {
  const send = (message: ScrapeMessage) => process.send?.(message);
  const waiting = new Map<number, (readings: MetricReadings[]) => void>();
  let nextId = 0;

  process.on('message', (message: unknown) => {
    if (isScrapeMessage(message, 'metrics:read')) {
      metrics.readings().then((own) => send({ huixin: 'metrics:reading', id: message.id, metrics: own }), () => send({ huixin: 'metrics:reading', id: message.id, metrics: [] }));
    } else if (isScrapeMessage(message, 'metrics:readings')) {
      waiting.get(message.id)?.(message.readings as MetricReadings[]);
    }
  });

  metrics.renderWholeNode(async () => {
    const id = ++nextId;
    const readings = await new Promise<MetricReadings[]>((resolve, reject) => {
      const timer = setTimeout(() => { waiting.delete(id); reject(new Error('the primary did not answer the scrape')); }, SCRAPE_WAIT_MS);
      waiting.set(id, (answer) => { clearTimeout(timer); waiting.delete(id); resolve(answer); });
      send({ huixin: 'metrics:scrape', id });
    });
    return AggregatorRegistry.aggregate(readings).metrics();
  });
}
