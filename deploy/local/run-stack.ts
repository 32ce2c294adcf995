import { SERVICE_DEFINITIONS, repositoryRoot, startServiceProcess, type ServiceProcess } from '@hotline/local-stack';
import { resolve } from 'node:path';

const repoRoot = repositoryRoot();
const only = process.env['SERVICES']?.split(',').map((name) => name.trim());

/** Starts every service, prints where they are, and stops them all on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const definitions = SERVICE_DEFINITIONS.filter((service) => !only || only.includes(service.name));
  const running: ServiceProcess[] = [];
  let isStopping = false;
  const stopAll = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    console.log(`\n${signal}: stopping ${running.length} services…`);
    await Promise.all(running.map((service) => service.stop()));
    console.log('all services stopped');
    process.exit(signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1);
  };
  process.on('SIGINT', () => void stopAll('SIGINT'));
  process.on('SIGTERM', () => void stopAll('SIGTERM'));

  for (const definition of definitions) {
    const service = startServiceProcess({
      name: definition.name,
      main: definition.main,
      port: Number(process.env[`${definition.name.toUpperCase()}_PORT`] ?? definition.port),
      repoRoot,
      output: { logDir: resolve(repoRoot, '.run/logs') },
    });
    running.push(service);
    service.child.once('exit', (code, signal) => {
      if (!isStopping) {
        console.error(`${definition.name} exited (${signal ?? code}); see .run/logs/${definition.name}.log. Stopping the stack.`);
        void stopAll('exit');
      }
    });
  }
  try {
    await Promise.all(running.map((service) => service.waitUntilReady(120_000)));
  } catch (err) {
    console.error(`${(err as Error).message}; see .run/logs/. Stopping the stack.`);
    await stopAll('startup failure');
    return;
  }

  const width = Math.max(...definitions.map((d) => d.name.length));
  console.log('\nThe hotline stack is up:\n');
  running.forEach((service, index) => {
    console.log(`  ${service.name.padEnd(width)}  ${service.url}   ${definitions[index]?.description ?? ''}`);
  });
  console.log(`
  Kafka      ${process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092'}   topic hotline.case-events (+ .dlq)
  Postgres   ${(process.env['DATABASE_URL'] ?? '').replace(/:[^:@/]+@/, ':***@')}
  Redis      ${process.env['REDIS_URL'] ?? ''}
  Logs       .run/logs/<service>.log   Kafka: .run/kafka/logs/server.log

  Credentials  .run/demo-credentials.json   one per role, a unit operator per unit, the hotline's API key
               (README: "Demo credentials"); every endpoint but /health, /docs and sign-in asks for one

  Try:  KEY=$(node -p "require('./.run/demo-credentials.json').find(c => c.role === 'hotline_client').apiKey")
        curl -s -X POST http://127.0.0.1:3001/v1/cases -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \\
          -d '{"type":"complaint","channel":"phone","description":"朝阳区建国路88号小区门口路灯不亮","location":{"lat":39.9087,"lng":116.4605}}'

Press Ctrl-C to stop everything.`);
}

main().catch((err: unknown) => {
  console.error(`the stack failed to start: ${(err as Error).message}`);
  process.exit(1);
});
