import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { SUBGRAPH_NAMES, type Config, type SubgraphName } from '@schools24/config';
import type { BenchSchool } from './database.js';

/** How much of a child's output to keep for error messages. */
const OUTPUT_LINES = 60;

export interface ServiceSpec {
  /** Short name for messages, e.g. `identity` or `gateway (distributed)`. */
  name: string;
  /** Executable and arguments. */
  command: string;
  args: string[];
  cwd: string;
  /** The child's whole environment (nothing is inherited, so runs are reproducible). */
  env: Record<string, string>;
  port: number;
}

/**
 * A server started as a real child process. `tsx` runs the TypeScript entry point in a child Node
 * process of its own (which has an esbuild child), so the process that serves requests, whose CPU
 * and memory we read, is a descendant of the spawned one: `serverPid` is the one holding the
 * listening socket. Each service is its own process group, so stopping it reaches all of them.
 */
export class Service {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  serverPid: number | undefined;
  private readonly output: string[] = [];
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<void>;

  constructor(readonly spec: ServiceSpec) {
    this.baseUrl = `http://127.0.0.1:${spec.port}`;
    this.child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        this.output.push(line);
        if (this.output.length > OUTPUT_LINES) this.output.shift();
      }
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      });
      this.child.once('error', (error) => {
        this.output.push(`spawn failed: ${error.message}`);
        this.exit = { code: null, signal: null };
        resolve();
      });
    });
  }

  get name(): string {
    return this.spec.name;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** The child's last lines of output, indented, for error messages. */
  outputTail(): string {
    return this.output.length === 0 ? '    (no output)' : this.output.map((line) => `    ${line}`).join('\n');
  }

  /** Polls GET /ready until it answers 200; fails if the process exits or the time runs out. */
  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    let ready = false;
    while (!ready && Date.now() < deadline) {
      if (!this.running) {
        throw new Error(
          `${this.name} exited (code ${String(this.exit?.code)}, signal ${String(this.exit?.signal)}) ` +
            `before it was ready. Its output:\n${this.outputTail()}`,
        );
      }
      try {
        const response = await fetch(`${this.baseUrl}/ready`, { signal: AbortSignal.timeout(2_000) });
        last = `${response.status} ${await response.text()}`;
        ready = response.status === 200;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      if (!ready) await sleep(250);
    }
    if (!ready) {
      throw new Error(
        `${this.name} was not ready at ${this.baseUrl}/ready within ${timeoutMs / 1000} s (last: ${last}). ` +
          `Its output:\n${this.outputTail()}`,
      );
    }
    this.serverPid = findServerPid(this.child.pid ?? 0, this.spec.port);
  }

  /** SIGTERM to the process group, SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    // tsx's own child may still be finishing; make sure nothing of the group survives.
    this.signal('SIGKILL');
  }

  /** Synchronous last resort (process `exit` handler). */
  kill(): void {
    this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  }
}

function childrenOf(pid: number): number[] {
  try {
    const found = new Set<number>();
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const item of text.split(/\s+/)) if (item) found.add(Number(item));
    }
    return [...found];
  } catch {
    // Kernels without /proc/<pid>/task/<tid>/children: scan every process's parent id.
    const found: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (parent === pid) found.push(Number(entry));
      } catch {
        // Exited while we looked.
      }
    }
    return found;
  }
}

function descendantsOf(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    found.push(current);
    queue.push(...childrenOf(current));
  }
  return found;
}

/** Socket inodes listening on `port` (IPv4 and IPv6), from /proc/net/tcp*. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const local = fields[1];
      if (!local || fields[3] !== '0A' || !local.endsWith(`:${hexPort}`)) continue;
      if (fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/**
 * The process that serves `port`: the one among `pid` and its descendants holding the listening
 * socket (not tsx's wrapper, nor esbuild's service process).
 */
export function findServerPid(pid: number, port: number): number {
  const inodes = listeningInodes(port);
  for (const candidate of descendantsOf(pid)) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${candidate}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${candidate}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return candidate;
      } catch {
        // Closed while we looked.
      }
    }
  }
  throw new Error(`No process under pid ${pid} holds the socket listening on port ${port}.`);
}

let clockTicks: number | undefined;

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU seconds a process (all its threads) has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces: state is field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  return (utime + stime) / ticksPerSecond();
}

/** Resident memory now and at its peak, in MiB, from /proc/<pid>/status. */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const read = (key: string): number => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
    return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
  };
  return { rss: read('VmRSS'), peak: read('VmHWM') };
}

/** Fails when something already listens on the port (a stale run, another service). */
export async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} is in use; stop what listens there or pass --port-base with a free range.`
            : `Cannot probe port ${port}: ${error.message}`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** CPU seconds the whole machine (all cores) has spent busy, from /proc/stat. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (
    ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) /
    ticksPerSecond()
  );
}

/**
 * CPU seconds used so far by every process whose command name is one of `names` (PostgreSQL's
 * backends, Redis). Backends that exit during a measurement drop out; close enough for a column.
 */
export function cpuSecondsByName(names: readonly string[]): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!names.includes(comm)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[14 - 3]) + Number(fields[15 - 3])) / ticksPerSecond();
    } catch {
      // Exited while we looked.
    }
  }
  return total;
}

/** The repository's root (bench/src/..). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * What every bench server's environment starts from (nothing is inherited): production mode, the
 * bench school's database, Redis, and the gateway's rate limits out of reach (they stay on: their
 * cost is part of every request).
 */
export function benchServerEnv(cfg: Config, school: BenchSchool): Record<string, string> {
  return {
    PATH: [
      dirname(process.execPath),
      join(ROOT, 'node_modules', '.bin'),
      '/usr/local/bin',
      '/usr/bin',
      '/bin',
    ].join(':'),
    HOME: homedir(),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: school.databaseUrl,
    DATABASE_ADMIN_URL: school.adminUrl,
    DATABASE_POOL_SIZE: String(cfg.DATABASE_POOL_SIZE),
    REDIS_URL: cfg.REDIS_URL,
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
  };
}

/** `<NAME>_PORT` and `<NAME>_URL` of every subgraph, on the ports `portOf` gives. */
export function subgraphAddresses(
  portOf: (name: SubgraphName, index: number) => number,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [index, name] of SUBGRAPH_NAMES.entries()) {
    const port = portOf(name, index);
    env[`${name.toUpperCase()}_PORT`] = String(port);
    env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${port}/graphql`;
  }
  return env;
}
