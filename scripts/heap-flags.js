'use strict';
/**
 * The V8 heap flags every Huixin server process runs with: `npm start` puts them on the server's command line, cluster
 * workers inherit their primary's (node's cluster.fork default), deploy/huixin.service spells them out (a test keeps it
 * in step) and bench:webhook measures with them. Plain CommonJS: start.js needs it before anything is compiled.
 *
 * Why (issue 18: ≤ 250 MB RSS per process): under bench:webhook a process keeps only ~60–70 MB of heap after a full
 * collection, but V8 lets the old space grow to up to 4× what survived before its next major collection when the heap
 * limit is 2 GB or more (the default here is ~4 GB): its RSS climbed 225 → 364 MB over six rounds. Below 2 GB V8
 * scales that cap with the limit (1.3 at 256 MB up to 2.0 just under 2 GB; heap-controller.cc), so at 512 it is
 * ~1.4, the old space stays under ~100 MB and the peak was 221–238 MB. 512 MB is also a guard, not a squeeze: ~7×
 * the heap the server keeps. --max-semi-space-size=8 halves the young generation (2 × 16 MB by default): ~15 MB
 * more off the peak (216–222 MB), with ~1.7× the scavenges but no more CPU per webhook in alternating runs (a
 * scavenge costs what survives it, not the space's size).
 */

const HEAP_FLAGS = Object.freeze(['--max-old-space-size=512', '--max-semi-space-size=8']);

/** The flag's name: `--max-old-space-size` of `--max-old-space-size=512`; V8 reads `_` and `-` alike. */
const nameOf = (flag) => flag.split('=')[0].replace(/_/g, '-');

/**
 * HEAP_FLAGS less those the operator already set in NODE_OPTIONS: node reads NODE_OPTIONS before its command line,
 * where ours would otherwise win. NODE_OPTIONS='--max-old-space-size=2048' gives a bigger heap; `=0` V8's default.
 */
function heapFlags(env = process.env) {
  const chosen = new Set((env.NODE_OPTIONS ?? '').split(/\s+/).filter((word) => word.startsWith('--')).map(nameOf));
  return HEAP_FLAGS.filter((flag) => !chosen.has(nameOf(flag)));
}

module.exports = { HEAP_FLAGS, heapFlags };
