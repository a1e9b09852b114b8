import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { treePids } from './process-tree';

/** heap-probe.js, preloaded into a server the bench starts: these node flags and env turn it on. */
export function heapProbe(): { flags: string[]; env: { HEAP_PROBE_DIR: string } } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huixin-heap-probe-'));
  return { flags: ['--expose-gc', '--require', path.join(__dirname, 'heap-probe.js')], env: { HEAP_PROBE_DIR: dir } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * MB of heap still in use after a full collection, summed over `root`'s process tree (a cluster's primary and its
 * workers). Only processes started with the probe are signalled: SIGUSR2 ends a node process that has no listener.
 * Answers null when a process does not answer within 10 s.
 */
export async function heapAfterGcMb(root: number, dir: string): Promise<number | null> {
  const pids = treePids(root).filter((pid) => {
    try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('heap-probe.js'); } catch { return false; }
  });
  const fileOf = (pid: number) => path.join(dir, `${pid}.json`);
  for (const pid of pids) { fs.rmSync(fileOf(pid), { force: true }); process.kill(pid, 'SIGUSR2'); }
  for (const until = Date.now() + 10_000; Date.now() < until; await sleep(50)) {
    if (!pids.every((pid) => fs.existsSync(fileOf(pid)))) continue;
    try {
      const used = pids.map((pid) => (JSON.parse(fs.readFileSync(fileOf(pid), 'utf8')) as { heapUsed: number }).heapUsed);
      return used.reduce((a, b) => a + b, 0) / 2 ** 20;
    } catch { /* a file still being written */ }
  }
  return null;
}

/**
 * Bytes allocated on the heap so far, summed over `root`'s process tree, as heap-probe.js last wrote them (every
 * 200 ms); null when no process wrote one.
 */
export function heapAllocatedBytes(root: number, dir: string): number | null {
  let total: number | null = null;
  for (const pid of treePids(root)) {
    try { total = (total ?? 0) + Number(fs.readFileSync(path.join(dir, `${pid}.alloc`), 'utf8')); } catch { /* not probed, or not yet written */ }
  }
  return total;
}
