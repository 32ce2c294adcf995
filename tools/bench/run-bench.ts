import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SERVICE_DEFINITIONS, startServiceProcess, type ServiceProcess } from '@hotline/local-stack';
import { kafkaBrokerPid, kafkaBrokerVersion } from './shared/infrastructure-processes';
import { readLimits } from './shared/limits-file';
import { describeMachine, formatMachine } from './shared/machine';
import { autovacuumForRun } from './run/autovacuum';
import { CaseTracker } from './run/case-tracker';
import { DatabaseActivityMeter } from './run/database-activity';
import { HttpClient } from './run/http-client';
import { BenchCredentials } from './run/bench-credentials';
import { checkNothingLost, describeUnfinished, formatLossCheck } from './run/loss-check';
import { benchProcessGroups } from './run/process-groups';
import { ResourceMonitor } from './run/resource-monitor';
import { casesPerStep, describeServiceOverrides, describeSettings, loadBenchSettings, repoRoot, type BenchSettings } from './run/settings';
import { SimulatedClerks } from './run/simulated-clerks';
import { runStep, type StepResult } from './run/step';
import { formatStep } from './run/step-report';
import { formatSummary } from './run/summary-report';

const settings = loadBenchSettings();
const url = (name: string) => `http://127.0.0.1:${SERVICE_DEFINITIONS.find((service) => service.name === name)!.port + settings.BENCH_PORT_OFFSET}`;
const DEFAULT_CLIENT = 'default';
const lossChecks: string[] = [];
const credentials = BenchCredentials.load();
/** Puts back what the run changed on the database server (autovacuum). */
let restoreServer: () => Promise<void> = () => Promise.resolve();

function startServices(kafkaClient: string | undefined): ServiceProcess[] {
  return SERVICE_DEFINITIONS.map((definition) =>
    startServiceProcess({
      name: definition.name,
      main: definition.main,
      port: definition.port + settings.BENCH_PORT_OFFSET,
      repoRoot,
      // The simulated units and operators all come from one address: lift the per-client limits (they
      // are still checked in Redis on every request, so the bench pays for them). 并案 off: the load
      // generator repeats six texts, which would merge into each other instead of running the whole loop.
      env: {
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '10000000',
        RATE_LIMIT_ROUTES: '{}',
        MERGE_WINDOW_HOURS: '0',
        ...(kafkaClient ? { KAFKA_CLIENT: kafkaClient } : {}),
      },
      nodeArgs: settings.CPU_PROFILE_DIR ? ['--require', resolve(repoRoot, 'dist/tools/bench/exit-on-signal.js'), '--cpu-prof', `--cpu-prof-dir=${resolve(settings.CPU_PROFILE_DIR)}`, `--cpu-prof-name=${definition.name}.${kafkaClient ?? DEFAULT_CLIENT}.cpuprofile`] : [],
      output: { logDir: resolve(repoRoot, '.run/bench-logs') },
    }),
  );
}

/** Every rate once with the services on one Kafka client: start them, run the steps, stop them. */
async function runWithClient(kafkaClient: string | undefined, stepOffset: number, onStop: (stop: () => Promise<void>) => void): Promise<StepResult[]> {
  const label = kafkaClient ?? DEFAULT_CLIENT;
  console.log(`\nstarting the ${SERVICE_DEFINITIONS.length} services${kafkaClient ? ` with KAFKA_CLIENT=${kafkaClient}` : ''} (logs in .run/bench-logs/)`);
  const services = startServices(kafkaClient);
  const stopServices = () => Promise.all(services.map((service) => service.stop())).then(() => undefined);
  onStop(stopServices);
  const tracker = new CaseTracker(settings.KAFKA_BROKERS.split(','));
  const http = new HttpClient(settings.POST_CONNECTIONS);
  const clerkHttp = new HttpClient(settings.SIMULATED_WORKERS * 2);
  const databaseActivity = new DatabaseActivityMeter(settings.DATABASE_URL);
  const clerks = new SimulatedClerks({ http: clerkHttp, executionUrl: url('execution'), feedbackUrl: url('feedback'), tracker, workers: settings.SIMULATED_WORKERS, credentials });
  try {
    await Promise.all(services.map((service) => service.waitUntilReady(120_000)));
    const { groups, missing } = benchProcessGroups(settings, services);
    if (missing.length) console.log(`not measured: ${missing.join('; ')}`);
    await tracker.start();
    if (settings.FLOW === 'full') clerks.start();
    const context = { settings, kafkaClient: label, tracker, monitor: new ResourceMonitor(groups), databaseActivity, http, intakeUrl: url('intake'), clientHeaders: credentials.hotlineClient(), clerks: settings.FLOW === 'full' ? clerks : undefined };
    // Not measured: the first cases pay for connections, consumer group joins and the JIT.
    const warmUp = await runStep(context, { step: -1 - stepOffset, rate: 5, cases: settings.WARMUP_CASES });
    console.log(`warm-up: ${warmUp.finished} of ${settings.WARMUP_CASES} cases finished in ${warmUp.usage.seconds.toFixed(1)} s (not reported)`);
    const results: StepResult[] = [];
    const steps = settings.RATES.map((_rate, index) => stepOffset + index);
    for (const [index, rate] of settings.RATES.entries()) {
      const result = await runStep(context, { step: steps[index], rate, cases: casesPerStep(settings, rate) });
      console.log(formatStep(result, readLimits(settings.LIMITS_FILE)));
      results.push(result);
    }
    const lossCheck = await checkNothingLost(tracker, steps, settings);
    lossChecks.push(`${label}: ${formatLossCheck(lossCheck, settings.FLOW, await describeUnfinished(lossCheck, clerkHttp, url('audit'), credentials.role('auditor')))}`);
    console.log(`\n${lossChecks.at(-1)}`);
    // A post given up on may still have been recorded; a duplicate would be one more than those.
    const unclaimed = tracker.unclaimedReceived();
    const gaveUp = [warmUp, ...results].reduce((sum, result) => sum + result.load.gaveUp, 0);
    if (unclaimed > gaveUp) lossChecks.push(`${label}: ⚠ ${unclaimed} cases reached intake without a 202 to the bench, more than the ${gaveUp} posts it gave up on: duplicates`);
    else if (unclaimed) lossChecks.push(`${label}: ${unclaimed} cases reached intake after the bench gave up on their post (${gaveUp} given up): no sign of duplicates`);
    if (unclaimed) console.log(lossChecks.at(-1));
    return results;
  } finally {
    await clerks.stop();
    await tracker.stop().catch(() => undefined);
    http.close();
    clerkHttp.close();
    await databaseActivity.close().catch(() => undefined);
    await stopServices();
  }
}

function saveResults(results: readonly StepResult[], current: BenchSettings): string {
  const path = resolve(repoRoot, `.run/bench/bench-${new Date().toISOString().replaceAll(':', '-').slice(0, 19)}.json`);
  mkdirSync(resolve(path, '..'), { recursive: true });
  const replacer = (_key: string, value: unknown): unknown => (value instanceof Map ? Object.fromEntries(value as Map<string, unknown>) : value);
  writeFileSync(path, `${JSON.stringify({ settings: current, results, lossChecks }, replacer, 2)}\n`);
  return path;
}

async function main(): Promise<void> {
  const brokerPid = kafkaBrokerPid({ dataDir: settings.KAFKA_DATA_DIR, port: Number(settings.KAFKA_BROKERS.split(',')[0]?.split(':')[1]) });
  const databaseActivity = new DatabaseActivityMeter(settings.DATABASE_URL);
  const postgresVersion = await databaseActivity.serverVersion();
  await databaseActivity.close();
  console.log(`benchmark on ${formatMachine(describeMachine({ kafka: kafkaBrokerVersion(brokerPid), postgres: postgresVersion }))}`);
  console.log(`settings: ${describeSettings(settings)}`);
  console.log(`service settings: ${describeServiceOverrides()}`);
  const autovacuum = await autovacuumForRun(settings.DATABASE_URL, settings.BENCH_AUTOVACUUM);
  restoreServer = () => autovacuum.restore();
  console.log(`postgres: ${autovacuum.describe}`);
  const limits = readLimits(settings.LIMITS_FILE);
  console.log(limits.ok ? `limits: ${settings.LIMITS_FILE} (measured ${limits.limits.measuredAt})` : `limits: ${limits.reason}; run \`npm run bench:limits\` first to see the results against this machine's limits`);

  let stopCurrent: () => Promise<void> = () => Promise.resolve();
  let isStopping = false;
  // Ctrl-C reaches this process twice (from the terminal and from bench.sh): stop the services once.
  const stopAndExit = (code: number): void => {
    if (isStopping) return;
    isStopping = true;
    void stopCurrent()
      .then(() => restoreServer())
      .catch(() => undefined)
      .then(() => process.exit(code));
  };
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) process.on(signal, () => stopAndExit(code));
  // A crash outside main's own await chain (a database connection the server ended emits 'error') would
  // otherwise leave the services running and the server's autovacuum as the run set it.
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (err: unknown) => {
      console.error(`benchmark failed: ${(err as Error)?.stack ?? String(err)}`);
      stopAndExit(1);
    });
  }
  const results: StepResult[] = [];
  const clients = settings.KAFKA_CLIENTS ?? [undefined];
  for (const [index, client] of clients.entries()) {
    results.push(...(await runWithClient(client, index * settings.RATES.length, (stop) => (stopCurrent = stop))));
  }
  console.log(formatSummary(results));
  console.log(`\n${lossChecks.map((line) => `  ${line}`).join('\n')}`);
  console.log(`\nresults: ${saveResults(results, settings)}`);
  await restoreServer();
}

main().catch(async (err: unknown) => {
  console.error(`benchmark failed: ${(err as Error).stack ?? String(err)}`);
  await restoreServer().catch((restoreErr: unknown) => console.error(`could not put the server's autovacuum back: ${(restoreErr as Error).message}`));
  process.exit(1);
});
