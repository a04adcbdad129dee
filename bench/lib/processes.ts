import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shutter/runtime';

/**
 * Every process the bench starts is registered here, so that an error, Ctrl-C or a normal end stops
 * all of them (and what they started: embedded PostgreSQL runs as children of `npm start`).
 */

export interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime of the process itself (all threads), in clock ticks. */
  ticks: number;
  /** cutime + cstime: children it has waited for (PostgreSQL backends that exited). */
  childTicks: number;
}

export function readProc(pid: number): ProcInfo | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // comm is in parentheses and may itself contain spaces or parentheses: split after the last ')'.
  const close = stat.lastIndexOf(')');
  const comm = stat.slice(stat.indexOf('(') + 1, close);
  const fields = stat.slice(close + 2).split(' ');
  // fields[0] is field 3 (state) of proc(5).
  const at = (field: number) => Number(fields[field - 3]);
  return { pid, ppid: at(4), comm, ticks: at(14) + at(15), childTicks: at(16) + at(17) };
}

function allProcesses(): ProcInfo[] {
  const list: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProc(Number(entry));
    if (info) list.push(info);
  }
  return list;
}

/** The process and everything it started, transitively (PostgreSQL's postmaster and backends). */
export function processTree(root: number): ProcInfo[] {
  const all = allProcesses();
  const children = new Map<number, ProcInfo[]>();
  for (const info of all) children.set(info.ppid, [...(children.get(info.ppid) ?? []), info]);
  const self = all.find((p) => p.pid === root);
  if (!self) return [];
  const tree: ProcInfo[] = [self];
  for (let i = 0; i < tree.length; i += 1) tree.push(...(children.get(tree[i]!.pid) ?? []));
  return tree;
}

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

let clockTicks: number | undefined;
/** Milliseconds per clock tick of /proc/<pid>/stat (CLK_TCK, 100 on Linux almost everywhere). */
export function msPerTick(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return 1000 / clockTicks;
}

/** CPU milliseconds a process has used so far (itself only, all its threads). */
export function cpuMsOf(pid: number): number {
  return (readProc(pid)?.ticks ?? 0) * msPerTick();
}

/**
 * CPU milliseconds of a PostgreSQL server so far: the postmaster, its live backends and the ones
 * that already exited (counted in the postmaster's cutime once reaped), so a difference of two
 * readings is exact even when the pool opens and closes connections in between.
 */
export function postgresCpuMs(root: number): number {
  const tree = processTree(root);
  const postmaster = tree.find((p) => p.comm === 'postgres' && tree.find((q) => q.pid === p.ppid)?.comm !== 'postgres');
  if (!postmaster) return 0;
  const server = processTree(postmaster.pid);
  const ticks = postmaster.childTicks + server.reduce((sum, p) => sum + p.ticks, 0);
  return ticks * msPerTick();
}

export const hasTaskset = (() => {
  let known: boolean | undefined;
  return () => {
    if (known === undefined) {
      try {
        execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
        known = true;
      } catch {
        known = false;
      }
    }
    return known;
  };
})();

// Every CPU of the machine (not availableParallelism(): that shrinks once the bench pins itself).
const ALL_CPUS = `0-${cpus().length - 1}`;

/** Pins a process with all its threads to `cpus` (e.g. "0"); what it forks later inherits that. */
export function pinProcess(pid: number, cpus: string): void {
  try {
    execFileSync('taskset', ['-a', '-cp', cpus, String(pid)], { stdio: 'ignore' });
  } catch (error) {
    // A backend may exit between listing and pinning; anything else is a real failure.
    if (isAlive(pid)) throw new Error(`taskset could not pin process ${pid} to CPU ${cpus}: ${String(error)}`);
  }
}

/** Pins a process and everything it started (PostgreSQL's postmaster and backends) to `cpus`. */
export function pinTree(root: number, cpus: string): void {
  for (const { pid } of processTree(root)) {
    pinProcess(pid, cpus);
    const allowed = allowedCpus(pid);
    if (allowed !== cpus && isAlive(pid))
      throw new Error(`process ${pid} runs on CPUs ${allowed} after pinning to ${cpus}`);
  }
}

/** The CPUs a process may run on, as the kernel reports them (e.g. "0" or "0-1"). */
export function allowedCpus(pid: number): string {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1] ?? '?';
  } catch {
    return '?';
  }
}

export interface ManagedProcess {
  name: string;
  pid: number;
  /** The last lines it printed, for error messages. */
  tail(): string;
  /** Whether any line it printed so far matches. */
  printed(pattern: RegExp): boolean;
  /** The last line it printed that matches (among its first 50 and last 200 lines). */
  find(pattern: RegExp): string | undefined;
  /** Resolves when it has exited. */
  readonly exited: Promise<void>;
  hasExited(): boolean;
  stop(): Promise<void>;
}

const running = new Set<ManagedProcess>();
/** Descendants seen while running: stopped too if their parent dies without stopping them. */
const knownDescendants = new Map<ManagedProcess, Set<number>>();

const MAX_ECHOED_LINES = 20;

let profileDir: string | undefined;

/**
 * Servers started from now on write a V8 CPU profile when they stop (`node --cpu-prof`), each into
 * its own directory under `dir` (named after the process: npm start, gateway, users…).
 */
export function profileServersInto(dir: string): void {
  profileDir = dir;
}

/**
 * Starts `node --import tsx <args>` from the repository root, with graphql-js in its production
 * mode as `npm start` and the production images run it (scripts/graphql-production.mjs). With taskset, the child gets every
 * CPU back (the bench itself may already be pinned to the load generator's core; a child inherits
 * that), so start-up uses the whole machine; `pinTree` pins it once it is ready.
 */
export function startNode(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  /** Expected lines not worth echoing (e.g. a readiness line). */
  quiet = /^$/,
): ManagedProcess {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name.replace(/\W+/g, '-'))}`] : [];
  const node = [
    process.execPath,
    ...profile,
    '--import',
    'tsx',
    '--import',
    './scripts/graphql-production.mjs',
    ...args,
  ];
  const [command, ...argv] = hasTaskset() ? ['taskset', '-c', ALL_CPUS, ...node] : node;
  // Its own process group: Ctrl-C reaches the bench alone, which then stops everything in order
  // (servers before their PostgreSQL) instead of every process at once.
  const child: ChildProcess = spawn(command!, argv, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  const lines: string[] = [];
  // The first lines, kept for good: a readiness line must not scroll out of the tail.
  const everPrinted: string[] = [];
  let echoed = 0;
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      if (everPrinted.length < 50) everPrinted.push(line);
      if (quiet.test(line)) continue;
      // Services log at warn level here: anything they print deserves a look, but not a flood.
      if (echoed < MAX_ECHOED_LINES) console.error(`  [${name}] ${line.slice(0, 400)}`);
      else if (echoed === MAX_ECHOED_LINES) console.error(`  [${name}] … (further output suppressed)`);
      echoed += 1;
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let done = false;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => {
      done = true;
      resolve();
    });
  });
  const pid = child.pid;
  const managed: ManagedProcess = {
    name,
    pid,
    tail: () => lines.slice(-30).join('\n'),
    printed: (pattern) => everPrinted.some((line) => pattern.test(line)),
    find: (pattern) => [...everPrinted, ...lines].reverse().find((line) => pattern.test(line)),
    exited,
    hasExited: () => done,
    stop: async () => {
      const seen = knownDescendants.get(managed) ?? new Set<number>();
      for (const p of processTree(pid)) if (p.pid !== pid) seen.add(p.pid);
      if (!done) {
        // Its own shutdown (SIGTERM) stops what it started, PostgreSQL included, in order.
        child.kill('SIGTERM');
        if (!(await settles(exited, 30_000))) {
          console.error(`  [${name}] did not stop within 30 s; killing it`);
          child.kill('SIGKILL');
          await settles(exited, 5_000);
        }
      }
      await stopLeftovers(name, seen);
      running.delete(managed);
      knownDescendants.delete(managed);
    },
  };
  running.add(managed);
  knownDescendants.set(managed, new Set());
  return managed;
}

/** Remembers what a process has started so far (called after start-up, when PostgreSQL runs). */
export function rememberDescendants(managed: ManagedProcess): void {
  const seen = knownDescendants.get(managed);
  if (!seen) return;
  for (const p of processTree(managed.pid)) if (p.pid !== managed.pid) seen.add(p.pid);
}

async function stopLeftovers(name: string, pids: Set<number>): Promise<void> {
  const alive = [...pids].filter(isAlive);
  if (alive.length === 0) return;
  // A PostgreSQL left behind: SIGINT is its "fast" shutdown; SIGKILL only if that does not work.
  for (const pid of alive) signal(pid, 'SIGINT');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && alive.some(isAlive)) await sleep(100);
  const stubborn = alive.filter(isAlive);
  if (stubborn.length > 0) {
    console.error(`  [${name}] killing ${stubborn.length} leftover process(es): ${stubborn.join(', ')}`);
    for (const pid of stubborn) signal(pid, 'SIGKILL');
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Stops every process still running, newest first. */
export async function stopAll(): Promise<void> {
  for (const managed of [...running].reverse()) {
    await managed.stop().catch((error: unknown) => console.error(`  [${managed.name}] stop failed:`, error));
  }
}

/** Last resort on process exit (no awaiting possible): kill whatever is left. */
export function killAllSync(): void {
  for (const managed of running) {
    const pids = [managed.pid, ...(knownDescendants.get(managed) ?? [])];
    for (const pid of pids) signal(pid, 'SIGKILL');
  }
  running.clear();
}

/**
 * A PostgreSQL still holding `dataDir` from an interrupted earlier bench run (its postmaster.pid
 * names a live postgres started on this very directory) is stopped, or the new one could not start.
 */
export async function stopStalePostgres(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return;
  }
  if (!cmdline.includes('postgres') || !cmdline.includes(dataDir)) return;
  console.error(`  stopping a PostgreSQL left running on ${dataDir} by an earlier run (pid ${pid})`);
  signal(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && isAlive(pid)) await sleep(100);
  if (isAlive(pid)) signal(pid, 'SIGKILL');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function settles(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const result = await Promise.race([promise.then(() => true), timeout]);
  clearTimeout(timer);
  return result;
}

/** Polls `url` until it answers 200; fails with the process's last output when it exits or times out. */
export async function waitReady(url: string, owner: ManagedProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (owner.hasExited()) {
      throw new Error(`${owner.name} exited before it was ready (${url}). Its last output:\n${owner.tail()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${owner.name} was not ready at ${url} after ${timeoutMs / 1000} s. Its last output:\n${owner.tail()}`,
      );
    }
    await sleep(250);
  }
}

/** Waits until the process prints a line matching `pattern`. */
export async function waitPrinted(owner: ManagedProcess, pattern: RegExp, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!owner.printed(pattern)) {
    if (owner.hasExited())
      throw new Error(`${owner.name} exited before it was ready. Its last output:\n${owner.tail()}`);
    if (Date.now() > deadline) {
      throw new Error(`${owner.name} was not ready after ${timeoutMs / 1000} s. Its last output:\n${owner.tail()}`);
    }
    await sleep(100);
  }
}

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

const PORT_RANGE = { first: 31000, last: 31999 } as const;
const handedOut = new Set<number>();

/**
 * `count` consecutive free ports from `from` on (within 31000–31999), checked when a topology
 * starts. The range lies below Linux's ephemeral range (32768–60999), so the local end of an outgoing
 * connection (the load generator's sockets) cannot take one between the check and the listen.
 */
export async function freePorts(count: number, from: number): Promise<number[]> {
  for (let start = from; start + count - 1 <= PORT_RANGE.last; start += 1) {
    const ports = Array.from({ length: count }, (_, i) => start + i);
    if (ports.some((p) => handedOut.has(p))) continue;
    let free = true;
    for (const port of ports) {
      if (!(await canListen(port))) {
        free = false;
        start = port;
        break;
      }
    }
    if (free) {
      for (const port of ports) handedOut.add(port);
      return ports;
    }
  }
  throw new Error(`no ${count} consecutive free ports between ${from} and ${PORT_RANGE.last}`);
}

/** Gives ports back once the processes that used them have stopped. */
export function releasePorts(ports: number[]): void {
  for (const port of ports) handedOut.delete(port);
}
