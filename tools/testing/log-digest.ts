// After a failed `npm test`: what the services of each failed end-to-end file logged, one line per service,
// printed last so that the tail of a CI log (often all a reader gets) says which service complained and how.
//
//   node dist/tools/testing/log-digest.js <jest results (--json --outputFile)> <.run/test-logs>
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { summariseServiceLog } from './summarise-service-log';

interface JestResults {
  testResults: { name: string; status: string }[];
}

function main(resultsFile: string | undefined, logsDir: string | undefined): void {
  if (!resultsFile || !logsDir) throw new Error('usage: log-digest <jest results json> <test logs dir>');
  if (!existsSync(resultsFile)) return;
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as JestResults;
  const failed = results.testResults.filter((file) => file.status === 'failed').map((file) => basename(file.name).replace(/\.(e2e|int)-spec\.ts$/, ''));
  const withLogs = failed.filter((name) => existsSync(join(logsDir, name)));
  if (withLogs.length === 0) return;
  console.log(`\nWhat the services of the failed files logged (warn and above; the logs are in ${logsDir}/<file>/):`);
  for (const name of withLogs) {
    console.log(`${name}:`);
    for (const logFile of readdirSync(join(logsDir, name)).filter((file) => file.endsWith('.log')).sort()) {
      const lines = readFileSync(join(logsDir, name, logFile), 'utf8').split('\n');
      console.log(`  ${logFile.replace(/\.log$/, '').padEnd(14)} ${summariseServiceLog(lines)}`);
    }
  }
}

main(process.argv[2], process.argv[3]);
