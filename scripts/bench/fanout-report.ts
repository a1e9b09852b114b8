/**
 * bench:fanout's figures: per round, the p50/p99 over every socket's arrival of each leg, and the p99 ratios the goal
 * reads (fan-out: Huixin's publish → socket over bare emit → socket; end to end: webhook → socket over bare
 * request → socket), then the worst round's.
 */
import { summary } from './agent-clients';

/**
 * One webhook: when it was sent, when its `conversation:updated` was published on the node that took it and that
 * publish's CPU per socket of that node, when socket i had it, and whether socket i is on another node.
 */
export interface Webhook { start: number; published: number; cpuMsPerSocket: number; arrivals: number[]; crossNode: boolean[] }
/** One bare broadcast: when it was asked for, when io.emit ran and its CPU per socket, when socket i had it. */
export interface Broadcast { start: number; emitted: number; cpuMsPerSocket: number; arrivals: number[] }
export interface Round { huixinFirst: boolean; huixin: Webhook[]; bare: Broadcast[] }

/** The legs of one round, each the delays of every arrival (or of every webhook, for the pipeline's one publish). */
function legs(round: Round) {
  const since = (from: (x: { start: number }) => number) => <T extends { start: number; arrivals: number[] }>(xs: T[]) => xs.flatMap((x) => x.arrivals.map((t) => t - from(x)));
  return {
    webhook: since((w) => w.start)(round.huixin),
    pipeline: round.huixin.map((w) => w.published - w.start),
    fanout: round.huixin.flatMap((w) => w.arrivals.map((t) => t - w.published)),
    crossNode: round.huixin.flatMap((w) => w.arrivals.filter((_, i) => w.crossNode[i]).map((t) => t - w.published)),
    bare: since((b) => b.start)(round.bare),
    bareEmit: round.bare.flatMap((b) => b.arrivals.map((t) => t - b.emitted)),
  };
}

const ms = (n: number) => n.toFixed(1).padStart(6);
const pair = (xs: number[]) => { const s = summary(xs); return `${ms(s.p50)} ${ms(s.p99)}`; };
const ratio = (n: number) => `${n.toFixed(2)}×`;

export function printRounds(rounds: Round[], twoNodes: boolean): void {
  console.log('ms, p50 p99 over every arrival  webhook→socket  request→publish  publish→socket' + (twoNodes ? '  of which cross-node' : '') + '  bare req→socket  bare emit→socket  p99 ratio: fan-out  webhook');
  const ratios = rounds.map((round, r) => {
    const l = legs(round);
    const fanout = summary(l.fanout).p99 / summary(l.bareEmit).p99;
    const webhook = summary(l.webhook).p99 / summary(l.bare).p99;
    console.log(`round ${r + 1} (${round.huixinFirst ? 'Huixin first' : 'bare first  '})      ${pair(l.webhook)}    ${pair(l.pipeline)}    ${pair(l.fanout)}`
      + (twoNodes ? `      ${pair(l.crossNode)}` : '')
      + `     ${pair(l.bare)}     ${pair(l.bareEmit)}             ${ratio(fanout).padStart(6)}  ${ratio(webhook).padStart(6)}`);
    return { fanout, webhook, pipelineShare: summary(l.pipeline).p50 / summary(l.webhook).p50 };
  });
  printCpu(rounds);
  const worst = (k: 'fanout' | 'webhook') => Math.max(...ratios.map((x) => x[k]));
  const share = Math.min(...ratios.map((x) => x.pipelineShare));
  console.log(`worst round: fan-out (publish→socket vs bare emit→socket) ${ratio(worst('fanout'))} — goal ≤ 2×: ${worst('fanout') <= 2 ? 'met' : 'NOT met'};`
    + ` webhook→socket vs bare request→socket ${ratio(worst('webhook'))} (the pipeline's request→publish is ≥ ${(share * 100).toFixed(0)}% of its p50)`);
}

/**
 * The fan-out's CPU beside the bare broadcast's, per socket written (the node that took the webhook writes to its own
 * sockets; another node's share is its own process's): a figure that load on a shared machine moves far less than
 * latency.
 */
function printCpu(rounds: Round[]): void {
  const us = (xs: Array<{ cpuMsPerSocket: number }>) => summary(xs.map((x) => x.cpuMsPerSocket * 1000)).p50;
  const line = rounds.map((round, r) => {
    const huixin = us(round.huixin);
    const bare = us(round.bare);
    return `round ${r + 1} ${huixin.toFixed(1)} vs ${bare.toFixed(1)} (${ratio(huixin / bare)})`;
  });
  console.log(`CPU µs per socket written, median publish (relays + Redis adapter + writes) vs bare io.emit: ${line.join(', ')}`);
}
