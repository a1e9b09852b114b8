import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | null = null;

/**
 * prom-client's default metrics (CPU, memory, event-loop lag, GC, handles) under their usual names (`process_…`,
 * `nodejs_…`), which ready-made Node dashboards expect. They describe the process, not one Huixin, so every Huixin in
 * a process shares one registry of them, made on first use (when the first Huixin's metrics are made): the event-loop monitor and GC observer they start cannot be
 * stopped, and one per Huixin would pile up in a test run that starts dozens.
 */
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}
