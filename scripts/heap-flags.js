'use strict';
/**
 * The V8 heap flags (and, below, the malloc setting) every Huixin server process runs with: `npm start` puts them on the server's command line, cluster
 * workers inherit their primary's (node's cluster.fork default), deploy/huixin.service spells them out (a test keeps it
 * in step) and bench:webhook measures with them. Plain CommonJS: start.js needs it before anything is compiled.
 *
 * Why (issue 18: ≤ 250 MB RSS per process): under bench:webhook a process keeps only ~60–70 MB of heap after a full
 * collection, but V8 lets the old space grow to up to 4× what survived before its next major collection when the heap
 * limit is 2 GB or more (the default here is ~4 GB): its RSS climbed 225 → 364 MB over six rounds. Below 2 GB V8
 * scales that cap with the limit (1.3 at 256 MB up to 2.0 just under 2 GB; heap-controller.cc), so at 512 it is
 * ~1.4, the old space stays under ~100 MB and the peak was 221–238 MB. 512 MB is also a guard, not a squeeze: ~7×
 * the heap the server keeps. --max-semi-space-size=16 is V8's own 64-bit default, spelled out so that the young
 * generation, the other half of the peak, is chosen here too: 8 (half) took ~15–20 MB off the peak but, measured again
 * in alternating runs of the same code (2026-12-06), cost 8–16% more CPU per webhook (MariaDB 1.73/1.54 ms against
 * 1.59/1.35; SQLite 2.64 against 2.23): every text allocates its ~1 KB decision and views, and a smaller nursery
 * collects twice as often, promoting what is still in flight. 32 was faster again but peaked at 253–268 MB; measured
 * again after the bot's reply stopped storing a copy of its decision (2026-12-07, alternated with 16, both without
 * MALLOC_ARENA_MAX), 32 was no faster (585 / 607 req/s against 608 / 632) and still peaked at 263–267 MB against 233–237.
 */

const HEAP_FLAGS = Object.freeze(['--max-old-space-size=512', '--max-semi-space-size=16']);

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

/**
 * What every server process's environment has besides the operator's. MALLOC_ARENA_MAX: glibc's malloc gives each
 * thread that allocates (libuv's pool, V8's compiler and GC helpers) an arena of its own, up to 8 per core, and
 * returns little of them; two arenas hold the same allocations in less memory. Measured (bench:webhook, MariaDB +
 * Redis, 2026-12-07): peak RSS 246–253 MB without, 220–221 with, CPU per webhook the same (1.06–1.30 ms against
 * 1.12–1.41). `npm start` passes it to the server (cluster workers inherit it), deploy/huixin.service sets it.
 */
const MEMORY_ENV = Object.freeze({ MALLOC_ARENA_MAX: '2' });

/** MEMORY_ENV less what the operator already set (their value wins). */
function memoryEnv(env = process.env) {
  return Object.fromEntries(Object.entries(MEMORY_ENV).filter(([name]) => env[name] === undefined));
}

module.exports = { HEAP_FLAGS, heapFlags, MEMORY_ENV, memoryEnv };
