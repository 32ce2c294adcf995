import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** Linux /proc readers for CPU time and memory of processes and of the whole machine. */

export interface CpuTicks {
  /** utime + stime of the process itself. */
  own: number;
  /** cutime + cstime: children it has reaped (a Postgres server's ended backends). */
  children: number;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

export function processCpuTicks(pid: number): CpuTicks | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name may hold spaces and parentheses: fields are counted after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const at = (index: number) => Number(fields[index] ?? 0);
  return { own: at(11) + at(12), children: at(13) + at(14) };
}

export function parentPid(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  return stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : undefined;
}

/** A memory field of /proc/<pid>/status in bytes (VmRSS, RssAnon, …). */
export function processMemory(pid: number, field: 'VmRSS' | 'RssAnon'): number | undefined {
  const match = read(`/proc/${pid}/status`)?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) * 1024 : undefined;
}

export function processName(pid: number): string | undefined {
  return read(`/proc/${pid}/comm`)?.trim();
}

export function processCommandLine(pid: number): string | undefined {
  return read(`/proc/${pid}/cmdline`)?.replaceAll('\0', ' ').trim();
}

/** Busy and total ticks of all cores together, from the first line of /proc/stat. */
export function machineCpuTicks(): { busy: number; total: number } {
  const values = (read('/proc/stat') ?? '').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** The pid of the process listening on a local TCP port, found through its socket's inode. */
export function pidListeningOn(port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (read(table) ?? '').split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      const isListening = columns[3] === '0A';
      if (isListening && columns[1]?.endsWith(`:${hexPort}`) && columns[9]) inodes.add(columns[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of allPids()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith('socket:[') && inodes.has(target.slice(8, -1))) return pid;
      } catch {
        // the descriptor closed meanwhile
      }
    }
  }
  return undefined;
}
