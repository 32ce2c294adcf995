import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root: the nearest folder above this file with a package.json. Found rather than
 * counted, because this file runs both from libs/local-stack/src (jest, sources) and from
 * dist/libs/local-stack/src (compiled); dist/ has no package.json.
 */
export function repositoryRoot(): string {
  for (let folder = __dirname; dirname(folder) !== folder; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
  }
  throw new Error(`no package.json in any folder above ${__dirname}`);
}
