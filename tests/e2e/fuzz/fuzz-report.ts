import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Answer } from './send-request';

export interface Finding {
  operation: string;
  kind: string;
  request: string;
  status: number;
  problem: string;
  answer: string;
}

interface Tally {
  requests: number;
  accepted: number;
  byStatus: Map<number, number>;
  server: number;
  /** 503 from /health/ready: the probe saying a dependency check timed out under load, not a refused input. */
  notReady: number;
  failures: number;
}

/** What the fuzz run saw, per endpoint: the counts for the closing note and every finding. */
export class FuzzReport {
  readonly findings: Finding[] = [];
  private readonly tallies = new Map<string, Tally>();

  record(operation: string, answer: Answer, problem: string | undefined, describe: () => Omit<Finding, 'operation' | 'status' | 'problem' | 'answer'>): void {
    let tally = this.tallies.get(operation);
    if (!tally) {
      tally = { requests: 0, accepted: 0, byStatus: new Map(), server: 0, notReady: 0, failures: 0 };
      this.tallies.set(operation, tally);
    }
    tally.requests += 1;
    if (answer.status >= 200 && answer.status < 300) tally.accepted += 1;
    else if (answer.status >= 400 && answer.status < 500) tally.byStatus.set(answer.status, (tally.byStatus.get(answer.status) ?? 0) + 1);
    else if (answer.status === 503 && operation.endsWith('/health/ready')) tally.notReady += 1;
    else if (answer.status >= 500) tally.server += 1;
    if (problem) {
      tally.failures += 1;
      this.findings.push({ operation, status: answer.status, problem, answer: (answer.failure ?? answer.body).slice(0, 300), ...describe() });
    }
  }

  acceptedFor(operation: string): number {
    return this.tallies.get(operation)?.accepted ?? 0;
  }

  get total(): number {
    return [...this.tallies.values()].reduce((sum, tally) => sum + tally.requests, 0);
  }

  /** A fixed-width table: requests, 2xx, each 4xx status, 5xx and failed checks per endpoint. */
  table(): string {
    const statuses = [...new Set([...this.tallies.values()].flatMap((tally) => [...tally.byStatus.keys()]))].sort((a, b) => a - b);
    const header = ['endpoint', 'requests', '2xx', ...statuses.map(String), '5xx', 'not ready', 'failed'];
    const rows = [...this.tallies.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([operation, tally]) => [operation, tally.requests, tally.accepted, ...statuses.map((status) => tally.byStatus.get(status) ?? 0), tally.server, tally.notReady, tally.failures].map(String));
    const totals = ['total', ...header.slice(1).map((_, column) => String(rows.reduce((sum, row) => sum + Number(row[column + 1]), 0)))];
    const all = [header, ...rows, totals];
    const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]?.length ?? 0)));
    return all.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')).join('\n');
  }

  write(file: string, meta: Record<string, unknown>): void {
    mkdirSync(resolve(file, '..'), { recursive: true });
    const endpoints = Object.fromEntries(
      [...this.tallies.entries()].map(([operation, tally]) => [
        operation,
        { requests: tally.requests, accepted: tally.accepted, byStatus: Object.fromEntries(tally.byStatus), server: tally.server, notReady: tally.notReady, failures: tally.failures },
      ]),
    );
    writeFileSync(file, `${JSON.stringify({ ...meta, endpoints, findings: this.findings }, null, 2)}\n`);
  }
}
