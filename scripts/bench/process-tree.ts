import fs from 'node:fs';

/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 everywhere Node runs). */
const TICK_MS = 10;
const PAGE = 4096;

function stat(pid: number): { ppid: number; cpuMs: number; sysMs: number; rssBytes: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: fields are counted after its closing parenthesis (field 3 onwards).
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS, sysMs: Number(fields[12]) * TICK_MS, rssBytes: Number(fields[21]) * PAGE };
  } catch {
    return null;   // gone meanwhile
  }
}

/** Every process's stat, and the children of each. */
function processTable(): { stats: Map<number, NonNullable<ReturnType<typeof stat>>>; children: Map<number, number[]> } {
  const children = new Map<number, number[]>();
  const stats = new Map<number, NonNullable<ReturnType<typeof stat>>>();
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (!s) continue;
    stats.set(pid, s);
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  return { stats, children };
}

function descendantsOf(root: number, children: Map<number, number[]>): number[] {
  const pids: number[] = [];
  for (const queue = [root]; queue.length;) {
    const pid = queue.pop()!;
    pids.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return pids;
}

/** A process and all its descendants (a cluster's primary and its workers). */
export function treePids(root: number): number[] {
  return descendantsOf(root, processTable().children);
}

/** Each process of a tree (a cluster's primary and its workers): its pid, CPU ms and resident bytes. */
export function treeProcesses(root: number): Array<{ pid: number; cpuMs: number; sysMs: number; rssBytes: number }> {
  const { stats, children } = processTable();
  return descendantsOf(root, children).flatMap((pid) => {
    const s = stats.get(pid);
    return s ? [{ pid, cpuMs: s.cpuMs, sysMs: s.sysMs, rssBytes: s.rssBytes }] : [];
  });
}

/**
 * CPU time (user + system) and resident memory of a process and all its descendants, read from /proc: a cluster's
 * workers count with their primary. Linux only, like the machine the benches run on.
 */
export function treeUsage(root: number): { cpuMs: number; sysMs: number; rssBytes: number } {
  let cpuMs = 0;
  let sysMs = 0;
  let rssBytes = 0;
  for (const s of treeProcesses(root)) { cpuMs += s.cpuMs; sysMs += s.sysMs; rssBytes += s.rssBytes; }
  return { cpuMs, sysMs, rssBytes };
}
