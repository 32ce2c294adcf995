import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServiceProcess } from './service-process';

describe('startServiceProcess: Node compile cache', () => {
  let repoRoot: string;
  const inherited = process.env['NODE_COMPILE_CACHE'];

  beforeEach(() => {
    repoRoot = mkdtempSync(join(tmpdir(), 'service-process-'));
    // Stands in for a service: prints the compile cache directory Node enabled for it, if any.
    writeFileSync(join(repoRoot, 'main.js'), "console.log('compile cache:', require('node:module').getCompileCacheDir() ?? 'none');\n");
    delete process.env['NODE_COMPILE_CACHE'];
  });

  afterEach(() => {
    if (inherited === undefined) delete process.env['NODE_COMPILE_CACHE'];
    else process.env['NODE_COMPILE_CACHE'] = inherited;
    rmSync(repoRoot, { recursive: true, force: true });
  });

  const cacheDirOf = async (env?: Record<string, string>): Promise<string> => {
    const service = startServiceProcess({ name: 'intake', main: 'main.js', port: 0, repoRoot, output: { logDir: join(repoRoot, 'logs') }, ...(env ? { env } : {}) });
    await new Promise((resolve) => service.child.once('close', resolve));
    // The log is appended to across starts: this start's line is the last.
    return readFileSync(join(repoRoot, 'logs/intake.log'), 'utf8').trim().split('\n').at(-1) ?? '';
  };

  it('starts a service with its compile cache in .run/node-compile-cache of the checkout', async () => {
    expect(await cacheDirOf()).toMatch(new RegExp(`^compile cache: ${join(repoRoot, '.run/node-compile-cache')}/v\\d+`));
  });

  it('lets NODE_COMPILE_CACHE put it elsewhere, and NODE_DISABLE_COMPILE_CACHE turn it off', async () => {
    expect(await cacheDirOf({ NODE_COMPILE_CACHE: join(repoRoot, 'elsewhere') })).toMatch(new RegExp(`^compile cache: ${join(repoRoot, 'elsewhere')}/v\\d+`));
    expect(await cacheDirOf({ NODE_DISABLE_COMPILE_CACHE: '1' })).toBe('compile cache: none');
  });
});
