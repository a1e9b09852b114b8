import type { Worker } from 'node:cluster';

/**
 * One scrape of a machine's /metrics, over IPC. The primary serves no HTTP (it hands connections over), so the worker
 * that got the scrape asks it, the primary asks every ready worker, and hands their readings back to be added up:
 *   scraped worker ─scrape→ primary ─read→ each worker ─reading→ primary ─readings→ scraped worker
 * The readings are prom-client's metric JSON; the primary never looks inside, so it loads no metrics code.
 */
export type ScrapeMessage =
  | { huixin: 'metrics:scrape'; id: number }
  | { huixin: 'metrics:read'; id: number }
  | { huixin: 'metrics:reading'; id: number; metrics: unknown[] }
  | { huixin: 'metrics:readings'; id: number; readings: unknown[][] };

export const isScrapeMessage = <K extends ScrapeMessage['huixin']>(message: unknown, kind: K): message is Extract<ScrapeMessage, { huixin: K }> =>
  typeof message === 'object' && message !== null && (message as ScrapeMessage).huixin === kind;

/**
 * How long the primary waits for the workers' readings. Each worker's scrape-time reads give up after SCRAPE_READ_MS
 * (1 s); a worker that has not answered by this (stuck, or dying) is left out of that scrape rather than failing it.
 */
export const RELAY_WAIT_MS = 3000;

interface Scrape { from: Worker; id: number; readings: unknown[][]; waiting: Set<Worker>; timer: NodeJS.Timeout }

/** The primary's side: a handler for its workers' messages that answers scrapes with every ready worker's readings. */
export function relayScrapes(readyWorkers: () => Worker[]): (from: Worker, message: unknown) => void {
  const scrapes = new Map<number, Scrape>();
  let nextId = 0;

  const answer = (key: number) => {
    const scrape = scrapes.get(key);
    if (!scrape) return;
    scrapes.delete(key);
    clearTimeout(scrape.timer);
    const reply: ScrapeMessage = { huixin: 'metrics:readings', id: scrape.id, readings: scrape.readings };
    if (scrape.from.isConnected()) scrape.from.send(reply);
  };

  return (from, message) => {
    if (isScrapeMessage(message, 'metrics:scrape')) {
      const key = ++nextId;
      const workers = readyWorkers();
      const waiting = new Set(workers);
      scrapes.set(key, { from, id: message.id, readings: [], waiting, timer: setTimeout(() => answer(key), RELAY_WAIT_MS) });
      for (const worker of workers) worker.send({ huixin: 'metrics:read', id: key } satisfies ScrapeMessage);
      if (waiting.size === 0) answer(key);
    } else if (isScrapeMessage(message, 'metrics:reading')) {
      const scrape = scrapes.get(message.id);
      if (!scrape || !scrape.waiting.delete(from)) return;
      scrape.readings.push(message.metrics);
      if (scrape.waiting.size === 0) answer(message.id);
    }
  };
}
