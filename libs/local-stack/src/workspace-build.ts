import { execFileSync } from 'node:child_process';

let isBuilt = false;

/**
 * Brings dist/ up to date with the sources (tools/build/build.ts, incremental), once per process, so
 * that a test spawning services after an edit does not run the previous build.
 */
export function buildWorkspaceOnce(repoRoot: string): void {
  if (isBuilt) return;
  try {
    execFileSync(process.execPath, ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', 'tools/build/build.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const { stderr } = err as { stderr?: string };
    throw new Error(`the build failed (npm run build):\n${stderr ?? String(err)}`);
  }
  isBuilt = true;
}
