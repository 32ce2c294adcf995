import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './settings';

interface DemoCredential {
  role: string;
  agencyId?: string;
  token?: string;
  apiKey?: string;
}

/**
 * Who the bench acts as, from the demo credentials `npm start` and `npm run bench` seed: the hotline
 * client's API key posts cases, each unit's operator works that unit's queue, a follow-up operator
 * makes the calls, an auditor reads the case views.
 */
export class BenchCredentials {
  private constructor(private readonly entries: readonly DemoCredential[]) {}

  static load(file = process.env['DEMO_CREDENTIALS_FILE'] ?? resolve(repoRoot, '.run/demo-credentials.json')): BenchCredentials {
    try {
      return new BenchCredentials(JSON.parse(readFileSync(file, 'utf8')) as DemoCredential[]);
    } catch (err) {
      throw new Error(`cannot read the demo credentials in ${file} (written by the setup's seed): ${(err as Error).message}`);
    }
  }

  hotlineClient(): Record<string, string> {
    const apiKey = this.entries.find((entry) => entry.role === 'hotline_client')?.apiKey;
    if (!apiKey) throw new Error('the demo credentials hold no hotline_client API key');
    return { 'x-api-key': apiKey };
  }

  unit(agencyId: string): Record<string, string> {
    return this.bearer((entry) => entry.role === 'unit_operator' && entry.agencyId === agencyId, `unit_operator of ${agencyId}`);
  }

  role(role: 'follow_up_operator' | 'auditor'): Record<string, string> {
    return this.bearer((entry) => entry.role === role && entry.agencyId === undefined, role);
  }

  private bearer(matches: (entry: DemoCredential) => boolean, who: string): Record<string, string> {
    const token = this.entries.find(matches)?.token;
    if (!token) throw new Error(`the demo credentials hold no token for ${who}`);
    return { authorization: `Bearer ${token}` };
  }
}
