// npm run contracts: writes the machine-readable contracts to docs/api/ — each service's OpenAPI 3.1
// document (from its controllers' route metadata and zod contracts) and the AsyncAPI 3.0 document of
// the Kafka topics (from libs/contracts). With --check (npm test) it writes nothing and fails when
// the committed documents differ from the code.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import { buildAsyncApiDocument, serializeAsyncApiDocument } from '@hotline/contracts';
import { repositoryRoot } from '@hotline/local-stack';
import { serializeOpenApiDocument } from '@hotline/nest-platform';
import { serviceOpenApiDocuments } from './service-documents';

const ROOT = repositoryRoot();
const OUTPUT_DIR = 'docs/api';
const FIXTURES_DIR = join(ROOT, 'libs/contracts/fixtures');

function goldenExamples(): Record<string, unknown> {
  const files = readdirSync(FIXTURES_DIR).filter((file) => file.endsWith('.json')).sort();
  return Object.fromEntries(files.map((file) => [file.slice(0, -'.json'.length), JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')) as unknown]));
}

function generate(): Map<string, string> {
  const documents = new Map<string, string>();
  const undocumented: string[] = [];
  for (const { service, document, undocumented: missing } of serviceOpenApiDocuments()) {
    documents.set(`${OUTPUT_DIR}/${service}.openapi.json`, serializeOpenApiDocument(document));
    undocumented.push(...missing.map((route) => `${service}: ${route}`));
  }
  if (undocumented.length > 0) {
    console.error(`contracts: these HTTP routes have no @ApiContract (libs/nest-platform), so no OpenAPI operation:\n  ${undocumented.join('\n  ')}`);
    process.exit(1);
  }
  documents.set(`${OUTPUT_DIR}/asyncapi.json`, serializeAsyncApiDocument(buildAsyncApiDocument({ examples: goldenExamples() })));
  return documents;
}

function main(): void {
  const documents = generate();
  const isCheck = process.argv.includes('--check');
  if (!isCheck) {
    mkdirSync(join(ROOT, OUTPUT_DIR), { recursive: true });
    for (const [path, content] of documents) writeFileSync(join(ROOT, path), content);
    console.log(`contracts: wrote ${[...documents.keys()].join(', ')}`);
    return;
  }
  const committed = new Set(readdirSync(join(ROOT, OUTPUT_DIR)).filter((file) => /\.(openapi|asyncapi)\.json$|^asyncapi\.json$/.test(file)).map((file) => `${OUTPUT_DIR}/${file}`));
  const differing = [...documents].filter(([path, content]) => !existsSync(join(ROOT, path)) || readFileSync(join(ROOT, path), 'utf8') !== content).map(([path]) => path);
  const stale = [...committed].filter((path) => !documents.has(path));
  if (differing.length > 0 || stale.length > 0) {
    console.error(
      [
        'contracts: the committed API documents differ from the code:',
        ...differing.map((path) => `  ${path}: ${existsSync(join(ROOT, path)) ? 'differs from what the code generates' : 'missing'}`),
        ...stale.map((path) => `  ${path}: no longer generated (remove it)`),
        'Regenerate them with `npm run contracts`, review the diff and commit docs/api/.',
      ].join('\n'),
    );
    process.exit(1);
  }
  console.log(`contracts: ${documents.size} documents in ${OUTPUT_DIR}/ match the code`);
}

main();
