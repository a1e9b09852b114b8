'use strict';
/**
 * Preloaded by bench:webhook into the Huixin processes it measures (`node --expose-gc --require heap-probe.js`; cluster
 * workers inherit both), never by `npm start`. On SIGUSR2: a full collection, then the heap still in use written to
 * HEAP_PROBE_DIR/<pid>.json for heap-after-gc.ts to read.
 * Why: RSS peaks carry garbage V8 has not yet collected (it lets the old space grow between major collections), so
 * they rose round after round (284 → 307 → 350 → 383 MB, then 244 after a major GC) while the heap in use after a
 * forced collection stayed at ~66 MB. A leak grows the latter.
 */
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.HEAP_PROBE_DIR;
if (dir && typeof global.gc === 'function') {
  process.on('SIGUSR2', () => {
    global.gc();
    fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify({ heapUsed: process.memoryUsage().heapUsed }));
  });
}
