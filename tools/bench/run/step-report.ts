import { formatMs, formatNumber, formatPercentiles } from '../shared/latency';
import type { Limits } from '../shared/limits-file';
import { formatTable } from '../shared/table';
import { formatAgainstLimits } from './limits-comparison';
import type { LoadReport } from './load-generator';
import type { GroupUsage, StepUsage } from './resource-monitor';
import type { ClerkRequests } from './simulated-clerks';
import type { StepResult } from './step';

export const RSS_WARNING_BYTES = 200e6;
const megabytes = (bytes: number) => `${formatNumber(bytes / 1e6)} MB`;
const counts = (map: Map<string, number>) =>
  [...map]
    .sort(([, a], [, b]) => b - a)
    .map(([key, count]) => `${formatNumber(count)} × ${key}`)
    .join(', ');

/** Whether the load generator kept to its schedule, so that the numbers are the services', not the bench's. */
export function generatorVerdict(load: LoadReport): { isBehind: boolean; text: string } {
  const isLate = load.lateness.p99 > 100;
  const isQueued = load.maxQueued > 0;
  const detail = `late p99 ${formatMs(load.lateness.p99)} (max ${formatMs(load.lateness.max)}), event loop delay p99 ${formatMs(load.eventLoopDelayP99Ms)}, up to ${load.maxQueued} requests waited for a connection`;
  return isLate || isQueued ? { isBehind: true, text: `FELL BEHIND its schedule: ${detail}` } : { isBehind: false, text: `kept its schedule: ${detail}` };
}

export function formatUsage(usage: StepUsage, perCase: { count: number; what: string }): string {
  const ours = usage.groups.filter((group) => group.isOurs);
  const totalCpu = ours.reduce((sum, group) => sum + group.cpuSeconds, 0);
  const perCaseMs = (cpuSeconds: number) => (perCase.count ? formatNumber((cpuSeconds * 1000) / perCase.count, 1) : '—');
  const row = (name: string, cpuSeconds: number, rss: GroupUsage['rss'], note = '') => [
    name,
    perCaseMs(cpuSeconds),
    (cpuSeconds / usage.seconds).toFixed(2),
    rss ? `${megabytes(rss.maxBytes)}${rss.maxBytes > RSS_WARNING_BYTES ? ' ⚠' : ''}` : '',
    rss ? megabytes(rss.averageBytes) : '',
    note,
  ];
  const rows = usage.groups.map((group) => row(group.name, group.cpuSeconds, group.rss, group.note));
  rows.push(row('total (ours)', totalCpu, undefined, 'the rows above that are ours'));
  const otherUsers = usage.machineBusyCores - totalCpu / usage.seconds;
  const flagged = ours.filter((group) => (group.rss?.maxBytes ?? 0) > RSS_WARNING_BYTES).map((group) => group.name);
  return [
    `  CPU and memory over the step (${usage.seconds.toFixed(1)} s; per case = per ${perCase.what} case; CPU in cores, 1.00 = one core busy)`,
    formatTable(['process', 'CPU ms/case', 'CPU cores', 'RSS max', 'RSS avg', 'note'], rows, '    '),
    `    machine: ${usage.machineBusyCores.toFixed(2)} of ${usage.cores} cores busy (${formatNumber((100 * usage.machineBusyCores) / usage.cores)} % of ${usage.cores * 100} %); ours ${(totalCpu / usage.seconds).toFixed(2)}, the rest (other users) ~${Math.max(0, otherUsers).toFixed(2)}`,
    flagged.length ? `    ⚠ RSS above ${megabytes(RSS_WARNING_BYTES)}: ${flagged.join(', ')}` : `    no process above ${megabytes(RSS_WARNING_BYTES)} RSS`,
  ].join('\n');
}

/** The simulated units' and operators' HTTP requests, in all and per closed case: the load they put on execution and feedback. */
function formatClerkRequests(requests: ClerkRequests, closed: number): string {
  const perCase = (count: number) => (closed ? (count / closed).toFixed(2) : '–');
  const all = requests.queueReads + requests.signs + requests.reports + requests.callListReads + requests.followUps;
  return [
    `${formatNumber(all)} requests, ${perCase(all)} per closed case:`,
    `queue reads ${formatNumber(requests.queueReads)} (${formatNumber(requests.emptyQueueReads)} empty, ${perCase(requests.queueReads)} per case),`,
    `signs ${formatNumber(requests.signs)}, reports ${formatNumber(requests.reports)},`,
    `call-list reads ${formatNumber(requests.callListReads)} (${formatNumber(requests.emptyCallListReads)} empty), calls ${formatNumber(requests.followUps)}`,
  ].join(' ');
}

export function formatStep(result: StepResult, limits: { ok: true; limits: Limits } | { ok: false; reason: string }): string {
  const { load } = result;
  const isFull = result.flow === 'full';
  const what = isFull ? 'closed' : 'dispatched';
  const title = `── ${result.kafkaClient} · target ${result.rate} cases/s · ${formatNumber(load.cases)} cases · FLOW=${result.flow} `;
  const lost = result.unfinished
    ? `${formatNumber(result.unfinished)} NOT ${what} by the end of the drain (DRAIN_TIMEOUT_S); the loss check after the last step waits for them`
    : `every accepted case ${what}, nothing accepted was lost`;
  const lines = [
    `\n${title.padEnd(110, '─')}`,
    `  intake accepted      ${formatNumber(load.accepted)} of ${formatNumber(load.cases)} in ${load.postingSeconds.toFixed(1)} s = ${load.acceptedPerSecond.toFixed(1)} cases/s; ${load.replayed} replayed after a lost answer, ${load.gaveUp} given up`,
    `  503 (retried)        ${load.unavailable.size ? `${counts(load.unavailable)}; Retry-After: ${counts(load.retryAfter)} s` : 'none'}`,
    `  other errors         ${load.errors.size ? counts(load.errors) : 'none'}`,
    `  POST /v1/cases       ${formatPercentiles(load.postLatency, ['p50', 'p95', 'p99', 'max'])} per attempt; first attempt → 202 ${formatPercentiles(load.acceptLatency)}`,
    `  load generator       ${generatorVerdict(load).text}`,
    `  intake → dispatched  ${formatPercentiles(result.toDispatched, ['p50', 'p95', 'p99', 'max'])} (${formatNumber(result.toDispatched.count)} cases)`,
    `    by hop              POST → received seen ${formatPercentiles(result.hops.toReceived, ['p50', 'p99'])}; received → classified ${formatPercentiles(result.hops.toClassified, ['p50', 'p99'])}; classified → dispatched ${formatPercentiles(result.hops.toDispatched, ['p50', 'p99'])} (${formatNumber(result.hops.toDispatched.count)} cases)`,
    isFull ? `  intake → closed      ${formatPercentiles(result.toClosed, ['p50', 'p95', 'p99', 'max'])} (${formatNumber(result.toClosed.count)} cases)` : undefined,
    `  finished             ${formatNumber(result.finished)} of ${formatNumber(load.accepted)} accepted ${what}: ${lost}`,
    `  throughput           ${result.finishedPerSecond.toFixed(1)} ${what} cases/s over the step (posting + drain, ${result.usage.seconds.toFixed(1)} s); ${result.eventsPerCase.toFixed(1)} events per case`,
    `  backlog              accepted, not yet ${what}, at 25/50/75/100 % of the posting: ${result.backlog.join(' / ')} → ${
      result.isBacklogGrowing ? 'GROWING: the system does not keep up at this rate' : 'steady'
    }`,
    result.clerkRequests ? `  units and operators  ${formatClerkRequests(result.clerkRequests, result.finished)}` : undefined,
    `  database             ${formatNumber(result.database.commitsPerSecond)} commits/s, ${formatNumber(result.database.rowsWrittenPerSecond)} rows written/s`,
    '',
    formatUsage(result.usage, { count: result.finished, what }),
    '',
    limits.ok ? formatAgainstLimits(result, limits.limits) : `  against the limits: ${limits.reason}; run \`npm run bench:limits\` (same environment) to measure them.`,
  ];
  return lines.filter((line) => line !== undefined).join('\n');
}
