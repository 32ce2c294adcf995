// After a failed `npm test`: each failed integration file's failures in a few lines, and what the services of
// each failed end-to-end file logged, one line per service. Printed last, so that the tail of a CI log (often
// all a reader gets) says what failed, which service complained and how.
//
//   node dist/tools/testing/log-digest.js <jest results (--json --outputFile)> <.run/test-logs>
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { failureGist } from './failure-gist';
import { summariseServiceLog } from './summarise-service-log';

interface JestResults {
  testResults: {
    name: string;
    status: string;
    /** The file's whole failure text (a failed beforeAll shows only here). */
    message: string;
    assertionResults: { title: string; status: string; failureMessages: string[] }[];
  }[];
}

function main(resultsFile: string | undefined, logsDir: string | undefined): void {
  if (!resultsFile || !logsDir) throw new Error('usage: log-digest <jest results json> <test logs dir>');
  if (!existsSync(resultsFile)) return;
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as JestResults;
  const failed = results.testResults.filter((file) => file.status === 'failed');
  if (failed.length === 0) return;
  console.log(`\nThe failed files in short (services' warnings and errors from ${logsDir}/<file>/):`);
  for (const file of failed) {
    // The folder libs/testing's E2eStack gives a file's services' logs.
    const name = basename(file.name).replace(/\.(e2e|int)-spec\.ts$/, '');
    console.log(`${name}:`);
    const failures = file.assertionResults.filter((test) => test.status === 'failed');
    for (const test of failures) {
      console.log(`  ✕ ${test.title}`);
      for (const line of failureGist(test.failureMessages.join('\n'))) console.log(`    ${line}`);
    }
    if (failures.length === 0) for (const line of failureGist(file.message)) console.log(`    ${line}`);
    if (!existsSync(join(logsDir, name))) continue;
    for (const logFile of readdirSync(join(logsDir, name)).filter((each) => each.endsWith('.log')).sort()) {
      const lines = readFileSync(join(logsDir, name, logFile), 'utf8').split('\n');
      console.log(`  ${logFile.replace(/\.log$/, '').padEnd(14)} ${summariseServiceLog(lines)}`);
    }
  }
}

main(process.argv[2], process.argv[3]);
