import { cpus } from 'node:os';
import { CLOCK_TICKS_PER_SECOND, machineCpuTicks, processCpuTicks, processMemory, type CpuTicks } from '../shared/proc';

export interface ProcessGroup {
  name: string;
  kind: 'service' | 'infrastructure' | 'bench';
  /** Shown beside the figures, e.g. what is included. */
  note?: string;
  /** The group's processes now; asked again at every sample (Postgres backends come and go). */
  pids: () => number[];
  /** VmRSS, or RssAnon where processes share memory (Postgres' shared buffers would count once per backend); none: not sampled. */
  memoryField?: 'VmRSS' | 'RssAnon';
  /** The processes' own CPU time (default), or that of the children they reaped: a Postgres server's ended backends. */
  cpu?: 'own' | 'reapedChildren';
  /** False for other users' processes, shown but left out of the total. */
  isOurs: boolean;
}

export interface GroupUsage {
  name: string;
  kind: ProcessGroup['kind'];
  note?: string;
  isOurs: boolean;
  cpuSeconds: number;
  /** Undefined for a group without memory of its own. */
  rss?: { maxBytes: number; averageBytes: number };
}

export interface StepUsage {
  seconds: number;
  groups: GroupUsage[];
  cores: number;
  /** The whole machine's busy time over the step, in cores (2.0 = both of 2 cores busy). */
  machineBusyCores: number;
}

interface Snapshot {
  at: number;
  machine: { busy: number; total: number };
  ticks: Map<string, Map<number, CpuTicks>>;
}

/** CPU time (from /proc/<pid>/stat) and memory (sampled every second) per process group over a step. */
export class ResourceMonitor {
  private start: Snapshot | undefined;
  private sampler: NodeJS.Timeout | undefined;
  private memory = new Map<string, { max: number; sum: number; samples: number }>();

  constructor(private readonly groups: readonly ProcessGroup[]) {}

  begin(): void {
    this.start = this.snapshot();
    this.memory = new Map(this.groups.map((group) => [group.name, { max: 0, sum: 0, samples: 0 }]));
    this.sampleMemory();
    this.sampler = setInterval(() => this.sampleMemory(), 1000);
  }

  end(): StepUsage {
    clearInterval(this.sampler);
    const start = this.start;
    if (!start) throw new Error('ResourceMonitor.end() before begin()');
    const end = this.snapshot();
    const groups = this.groups.map((group): GroupUsage => {
      let ticks = 0;
      for (const [pid, now] of end.ticks.get(group.name) ?? []) {
        const before = start.ticks.get(group.name)?.get(pid);
        const field = group.cpu === 'reapedChildren' ? 'children' : 'own';
        // A process started during the step counts whole.
        ticks += now[field] - (before?.[field] ?? 0);
      }
      const memory = this.memory.get(group.name);
      return {
        name: group.name,
        kind: group.kind,
        ...(group.note ? { note: group.note } : {}),
        isOurs: group.isOurs,
        cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND,
        ...(memory?.samples ? { rss: { maxBytes: memory.max, averageBytes: memory.sum / memory.samples } } : {}),
      };
    });
    const cores = cpus().length;
    const machineShare = (end.machine.busy - start.machine.busy) / Math.max(1, end.machine.total - start.machine.total);
    return { seconds: (end.at - start.at) / 1000, groups, cores, machineBusyCores: machineShare * cores };
  }

  private snapshot(): Snapshot {
    const ticks = new Map<string, Map<number, CpuTicks>>();
    for (const group of this.groups) {
      const byPid = new Map<number, CpuTicks>();
      for (const pid of group.pids()) {
        const value = processCpuTicks(pid);
        if (value) byPid.set(pid, value);
      }
      ticks.set(group.name, byPid);
    }
    return { at: Date.now(), machine: machineCpuTicks(), ticks };
  }

  private sampleMemory(): void {
    for (const group of this.groups) {
      const field = group.memoryField;
      const memory = this.memory.get(group.name);
      if (!field || !memory) continue;
      const bytes = group.pids().reduce((sum, pid) => sum + (processMemory(pid, field) ?? 0), 0);
      memory.max = Math.max(memory.max, bytes);
      memory.sum += bytes;
      memory.samples += 1;
    }
  }
}
