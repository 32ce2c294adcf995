// Summarises V8 CPU profiles (node --cpu-prof) by where the time went: per profile, the share of
// self time by package (or our own code, or V8/GC/idle) and the hottest functions.
// Usage: node dist/tools/bench/cpu-profile-summary.js <dir or .cpuprofile files…> [--top 15]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function ownerOf(url: string, functionName: string): string {
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return '(gc)';
  if (functionName === '(program)') return '(program)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch?.[1]) return packageMatch[1];
  if (url.startsWith('node:')) return 'node core';
  if (url.includes('/dist/')) return 'hotline (our code)';
  return url === '' ? '(native)' : 'other';
}

function summarise(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const owner = ownerOf(url, functionName);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
    if (owner === '(idle)') continue;
    busy += micros;
    const name = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/')}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  const wall = (profile.endTime - profile.startTime) / 1000;
  const ms = (micros: number) => `${(micros / 1000).toFixed(0).padStart(7)} ms`;
  const share = (micros: number) => `${((micros / busy) * 100).toFixed(1).padStart(5)} %`;
  console.log(`\n── ${basename(file)}: ${(wall / 1000).toFixed(1)} s profiled, ${(busy / 1000).toFixed(0)} ms on CPU (${((busy / 1000 / wall) * 100).toFixed(0)} % of one core)`);
  console.log('  by owner (self time):');
  for (const [owner, micros] of [...byOwner].filter(([owner]) => owner !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`    ${owner.padEnd(44)} ${ms(micros)} ${share(micros)}`);
  }
  console.log(`  hottest ${top} functions (self time):`);
  for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`    ${name.slice(0, 90).padEnd(92)} ${ms(micros)} ${share(micros)}`);
  }
}

const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 15;
const inputs = args.filter((arg, index) => arg !== '--top' && (topIndex < 0 || index !== topIndex + 1));
if (inputs.length === 0) {
  console.error('usage: cpu-profile-summary <dir or .cpuprofile files…> [--top N]');
  process.exit(2);
}
for (const input of inputs) {
  const files = statSync(input).isDirectory()
    ? readdirSync(input)
        .filter((name) => name.endsWith('.cpuprofile'))
        .map((name) => join(input, name))
    : [input];
  files.forEach((file) => summarise(file, top));
}
