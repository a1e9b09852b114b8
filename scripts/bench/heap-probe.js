'use strict';
/**
 * Preloaded by bench:webhook into the Huixin processes it measures (`node --expose-gc --require heap-probe.js`; cluster
 * workers inherit both), never by `npm start`. Two readings, both written to HEAP_PROBE_DIR for heap-after-gc.ts:
 * - On SIGUSR2: a full collection, then the heap still in use, in <pid>.json.
 *   Why: RSS peaks carry garbage V8 has not yet collected (it lets the old space grow between major collections), so
 *   they rose round after round (284 → 307 → 350 → 383 MB, then 244 after a major GC) while the heap in use after a
 *   forced collection stayed at ~66 MB. A leak grows the latter.
 * - Every 200 ms: the bytes allocated on the heap since the process started, in <pid>.alloc, from what each garbage
 *   collection found in use before it and left after it (v8.GCProfiler). Why: the young generation's collections were
 *   ~12% of a webhook's CPU, and what they cost follows what the code allocates, a figure the host's load does not
 *   swing the way it swings CPU time.
 */
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');

const dir = process.env.HEAP_PROBE_DIR;
if (dir && typeof global.gc === 'function') {
  process.on('SIGUSR2', () => {
    global.gc();
    fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify({ heapUsed: process.memoryUsage().heapUsed }));
  });
}

if (dir && typeof v8.GCProfiler === 'function') {
  // Allocated up to the last collection seen, and what that collection left in use.
  let allocated = 0;
  let leftInUse = v8.getHeapStatistics().used_heap_size;
  let profiler = new v8.GCProfiler();
  profiler.start();
  setInterval(() => {
    const { statistics } = profiler.stop();
    profiler = new v8.GCProfiler();
    profiler.start();
    for (const gc of statistics) {
      allocated += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - leftInUse);
      leftInUse = gc.afterGC.heapStatistics.usedHeapSize;
    }
    const total = allocated + Math.max(0, v8.getHeapStatistics().used_heap_size - leftInUse);
    fs.writeFileSync(path.join(dir, `${process.pid}.alloc`), String(total));
  }, 200).unref();
}
