/** What the report benches share: their flags, percentiles, timed runs, and the write settings of a seed. */
import os from 'node:os';
import type { DataSource } from 'typeorm';
import { isMysql } from '../../server/db/data-source';

/** `--name 5` on the command line, else `dflt`. */
export const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export const loadAverage = () => `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`;

/**
 * Runs `run` once to warm it, then `repeat` times: wall-clock milliseconds and this process's CPU milliseconds, each
 * sorted. On a shared machine wall-clock time counts other processes' turns too; the CPU time is this process's own
 * (on SQLite, where the database runs in-process, that is the whole of the work).
 */
export async function timed(run: () => Promise<unknown>, repeat: number): Promise<{ ms: number[]; cpu: number[] }> {
  await run();
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const s = performance.now();
    const c = process.cpuUsage();
    await run();
    const used = process.cpuUsage(c);
    ms.push(performance.now() - s);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: ms.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}

/**
 * Runs a bulk seed with SQLite's commits unsynced and a large page cache (`synchronous = OFF`: a crash mid-seed loses a scratch database, and
 * each commit no longer waits for the disk), then puts the setting back for the timed part. MariaDB's durability is
 * the server's (global) setting, shared with whoever else uses it, so it is left alone.
 */
export async function withUnsyncedWrites<T>(ds: DataSource, seed: () => Promise<T>): Promise<T> {
  if (isMysql(ds)) return seed();
  const [was] = await ds.query('PRAGMA synchronous') as Array<{ synchronous: number }>;
  const [cache] = await ds.query('PRAGMA cache_size') as Array<{ cache_size: number }>;
  // A page cache of 512 MB instead of 2 MB: a dozen indexes on messages, several keyed by thread, are written all over.
  await ds.query('PRAGMA synchronous = OFF');
  await ds.query('PRAGMA cache_size = -524288');
  try {
    return await seed();
  } finally {
    await ds.query(`PRAGMA synchronous = ${was?.synchronous ?? 2}`);
    await ds.query(`PRAGMA cache_size = ${cache?.cache_size ?? -2000}`);
  }
}

/**
 * MariaDB's index statistics after a bulk seed, as a server that grew its tables over time would have them. Read
 * straight after the seed they still describe nearly empty tables (InnoDB recounts in the background), and the
 * planner then took a short link by its contact's index (15,000 rows a probe) instead of (campaign_id, contact_id).
 * SQLite here keeps no statistics at all (no ANALYZE), so nothing to do there.
 */
export async function analyzeSeeded(ds: DataSource, tables: string[]): Promise<void> {
  if (isMysql(ds)) await ds.query(`ANALYZE TABLE ${tables.join(', ')}`);
}
