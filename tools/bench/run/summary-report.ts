import { formatMs, formatNumber, type Percentiles } from '../shared/latency';
import { formatTable } from '../shared/table';
import { generatorVerdict, RSS_WARNING_BYTES } from './step-report';
import type { StepResult } from './step';

const sum = (map: Map<string, number>) => [...map.values()].reduce((total, count) => total + count, 0);
const triple = (value: Percentiles) => (value.count ? [value.p50, value.p95, value.p99].map(formatMs).join(' / ') : '—');
const label = (result: StepResult) => `${result.kafkaClient} @ ${result.rate}/s`;

/** One line per step (per Kafka client and rate), then CPU per case by process across the steps. */
export function formatSummary(results: readonly StepResult[]): string {
  const ordered = [...results].sort((a, b) => a.rate - b.rate || a.kafkaClient.localeCompare(b.kafkaClient));
  const steps = formatTable(
    ['Kafka client', 'target/s', 'cases', 'accepted/s', '503s', 'errors', 'unfinished', 'POST p50 / p99', '→ dispatched p50 / p95 / p99', '→ closed p50 / p95 / p99', 'finished/s', 'CPU ms/case', 'machine busy', 'max RSS (service)', 'backlog', 'generator'],
    ordered.map((result) => {
      const ours = result.usage.groups.filter((group) => group.isOurs);
      const cpuMsPerCase = result.finished ? (ours.reduce((total, group) => total + group.cpuSeconds, 0) * 1000) / result.finished : 0;
      const rssOf = (group: (typeof ours)[number]) => group.rss?.maxBytes ?? 0;
      const largest = ours.filter((group) => group.kind === 'service').reduce((max, group) => (rssOf(group) > rssOf(max) ? group : max));
      return [
        result.kafkaClient,
        String(result.rate),
        formatNumber(result.load.cases),
        result.load.acceptedPerSecond.toFixed(1),
        formatNumber(sum(result.load.unavailable)),
        formatNumber(sum(result.load.errors) + result.load.gaveUp),
        formatNumber(result.unfinished),
        `${formatMs(result.load.postLatency.p50)} / ${formatMs(result.load.postLatency.p99)}`,
        triple(result.toDispatched),
        result.flow === 'full' ? triple(result.toClosed) : '— (FLOW=dispatch)',
        result.finishedPerSecond.toFixed(1),
        result.finished ? formatNumber(cpuMsPerCase, 1) : '—',
        `${formatNumber((100 * result.usage.machineBusyCores) / result.usage.cores)} %`,
        `${formatNumber(rssOf(largest) / 1e6)} MB ${largest.name}${rssOf(largest) > RSS_WARNING_BYTES ? ' ⚠' : ''}`,
        result.isBacklogGrowing ? 'GROWING' : 'steady',
        generatorVerdict(result.load).isBehind ? 'BEHIND' : 'on time',
      ];
    }),
  );
  const processNames = ordered[0]?.usage.groups.filter((group) => group.isOurs).map((group) => group.name) ?? [];
  const cpu = formatTable(
    ['CPU ms per finished case', ...ordered.map(label)],
    [
      ...processNames.map((name) => [
        name,
        ...ordered.map((result) => {
          const group = result.usage.groups.find((candidate) => candidate.name === name);
          return group && result.finished ? formatNumber((group.cpuSeconds * 1000) / result.finished, 1) : '—';
        }),
      ]),
      [
        'total',
        ...ordered.map((result) =>
          result.finished
            ? formatNumber((result.usage.groups.filter((group) => group.isOurs).reduce((total, group) => total + group.cpuSeconds, 0) * 1000) / result.finished, 1)
            : '—',
        ),
      ],
    ],
  );
  return `\n══ summary ${'═'.repeat(100)}\n${steps}\n\n${cpu}\n\n  finished = ${ordered[0]?.flow === 'dispatch' ? 'dispatched' : 'closed'}; unfinished = accepted (202) but not finished when the step's drain ended; errors include cases given up (still refused DRAIN_TIMEOUT_S after the schedule's end).`;
}
