// Compiles what runs as a process — the services, the libs they import, the scripts behind npm
// start/test/bench — to CommonJS in dist/, mirroring the source tree (services/intake/src/main.ts →
// dist/services/intake/src/main.js), so that nothing compiles TypeScript at run time.
//
// swc, not esbuild or Node's type stripping: Nest's dependency injection reads the constructor
// parameter types that only `emitDecoratorMetadata` records. `@hotline/*` imports are rewritten to
// relative paths, so dist/ needs no path mapping at run time (and works as is in the image).
//
// Incremental: dist/.build-manifest.json holds each input's content hash; only new or changed files are
// compiled, outputs of deleted ones are removed, and a change to these settings (this file,
// tsconfig.base.json, the swc version) rebuilds everything. Type-checking is `tsc --noEmit`, not this.
//
// Run by Node itself (type stripping), so it needs nothing built first:
//   npm run build                 (node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON tools/build/build.ts)
//   npm run build -- --clean      removes dist/ first
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Options } from '@swc/core';

// This file, tools/build/build.ts. Node runs it as an ES module, where __filename does not exist.
const SCRIPT = resolve(process.argv[1] ?? 'tools/build/build.ts');
const REPO_ROOT = resolve(dirname(SCRIPT), '../..');
const DIST = join(REPO_ROOT, 'dist');
const MANIFEST = join(DIST, '.build-manifest.json');

// Folders whose .ts files are compiled and .json files copied; `*` is one level of folders.
const SOURCE_ROOTS = ['services/*/src', 'libs/*/src', 'deploy/local', 'tools/bench', 'tools/contracts', 'tools/access', 'tools/personal-data', 'tools/classifier', 'tools/city', 'tools/testing'];
// Tests run from source under jest, never from dist/: specs, type declarations, the test-harness lib.
const isExcluded = (path: string) => /\.(spec|int-spec|e2e-spec|d)\.ts$/.test(path) || path.startsWith('libs/testing/');
const isSource = (path: string) => /\.(ts|json)$/.test(path) && !isExcluded(path);

interface Manifest {
  settings: string;
  /** Source path (relative to the repository root) → sha256 of its content. */
  files: Record<string, string>;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const outputOf = (source: string) => join(DIST, source.endsWith('.ts') ? `${source.slice(0, -'.ts'.length)}.js` : source);

async function main(): Promise<void> {
  const startedAt = performance.now();
  const tsconfigBase = await readFile(join(REPO_ROOT, 'tsconfig.base.json'), 'utf8');
  const paths = (JSON.parse(tsconfigBase) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
  const swcPackage = await readFile(join(REPO_ROOT, 'node_modules/@swc/core/package.json'), 'utf8');
  const settings = sha256([await readFile(SCRIPT, 'utf8'), tsconfigBase, (JSON.parse(swcPackage) as { version: string }).version].join('\0'));

  if (process.argv.includes('--clean')) await rm(DIST, { recursive: true, force: true });
  const previous = await readManifest();
  if (previous && previous.settings !== settings) await rm(DIST, { recursive: true, force: true });
  const built = previous?.settings === settings ? previous.files : {};

  const sources = await listSources();
  const hashes = new Map(await Promise.all(sources.map(async (source) => [source, sha256(await readFile(join(REPO_ROOT, source)))] as const)));
  const stale = await filterAsync(sources, async (source) => built[source] !== hashes.get(source) || !(await exists(outputOf(source))));
  const removed = Object.keys(built).filter((source) => !hashes.has(source));

  await Promise.all(removed.map((source) => removeOutput(source)));
  const failures = new Map<string, string>();
  await Promise.all(
    stale.map((source) =>
      emit(source, paths).catch((err: unknown) => failures.set(source, err instanceof Error ? err.message : String(err))),
    ),
  );
  const isUpToDate = stale.length === 0 && removed.length === 0 && previous?.settings === settings;
  if (!isUpToDate) {
    // A file that failed stays out of the manifest, so the next run compiles it again.
    const files = Object.fromEntries(sources.filter((source) => !failures.has(source)).map((source) => [source, hashes.get(source) ?? '']));
    await mkdir(DIST, { recursive: true });
    await writeAtomically(MANIFEST, JSON.stringify({ settings, files } satisfies Manifest));
  }

  const elapsed = performance.now() - startedAt;
  if (failures.size > 0) {
    const report = [...failures].map(([source, message]) => `${source}: ${message}`).join('\n');
    console.error(`build: ${failures.size} of ${sources.length} files failed to compile:\n${report}`);
    process.exit(1);
  }
  console.log(
    isUpToDate
      ? `build: dist/ is up to date (${sources.length} files checked in ${Math.round(elapsed)} ms)`
      : `build: compiled ${stale.length} of ${sources.length} files into dist/${removed.length ? `, removed ${removed.length}` : ''} in ${(elapsed / 1000).toFixed(2)} s`,
  );
}

/** Source paths relative to the repository root. (readdir, not fs.glob: a tenth of the time.) */
async function listSources(): Promise<string[]> {
  const roots = await Promise.all(
    SOURCE_ROOTS.map(async (root) => {
      const [parent, child] = root.split('/*/');
      if (child === undefined) return [root];
      const folders = await readdir(join(REPO_ROOT, parent ?? ''), { withFileTypes: true });
      return folders.filter((folder) => folder.isDirectory()).map((folder) => `${parent}/${folder.name}/${child}`);
    }),
  );
  const files = await Promise.all(
    roots.flat().map(async (root) => {
      const entries = await readdir(join(REPO_ROOT, root), { recursive: true }).catch(() => []);
      return entries.map((entry) => `${root}/${entry}`);
    }),
  );
  return files.flat().filter(isSource).sort();
}

async function emit(source: string, paths: Record<string, string[]>): Promise<void> {
  const input = join(REPO_ROOT, source);
  const output = outputOf(source);
  await mkdir(dirname(output), { recursive: true });
  if (!source.endsWith('.ts')) {
    await writeAtomically(output, await readFile(input));
    return;
  }
  // Loaded only when there is something to compile: it is most of an up-to-date check's time otherwise.
  const { transform } = await import('@swc/core');
  const { code, map } = await transform(await readFile(input, 'utf8'), swcOptions(input, output, paths));
  await writeAtomically(`${output}.map`, map ?? '');
  await writeAtomically(output, `${code}\n//# sourceMappingURL=${basename(output)}.map\n`);
}

function swcOptions(input: string, output: string, paths: Record<string, string[]>): Options {
  return {
    filename: input,
    // Stack traces (node --enable-source-maps) then name the .ts file and line.
    sourceMaps: true,
    sourceFileName: relative(dirname(output), input),
    inlineSourcesContent: false,
    swcrc: false,
    configFile: false,
    module: { type: 'commonjs' },
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      target: 'es2022',
      // Nest and TypeORM name providers, entities and log contexts after their classes.
      keepClassNames: true,
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
      baseUrl: REPO_ROOT,
      paths,
    },
  };
}

async function readManifest(): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(MANIFEST, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

async function removeOutput(source: string): Promise<void> {
  const output = outputOf(source);
  await Promise.all([rm(output, { force: true }), rm(`${output}.map`, { force: true })]);
}

/** A process started while a build runs reads either the old file or the new one, never half of it. */
async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function filterAsync<T>(items: readonly T[], predicate: (item: T) => Promise<boolean>): Promise<T[]> {
  const keep = await Promise.all(items.map(predicate));
  return items.filter((_, index) => keep[index]);
}

main().catch((err: unknown) => {
  console.error(`build failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
