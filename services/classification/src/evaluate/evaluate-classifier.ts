import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CATEGORIES } from '@hotline/demo-city';
import { scoreKeywords, type KeywordRule } from '../domain/keyword-scorer';
import { parseCsv } from './parse-csv';

// Usage: node -r @swc-node/register services/classification/src/evaluate/evaluate-classifier.ts [messages.csv]
// Scores the labelled citizen messages in shared/data with the demo keyword rules (as seeded) and shows
// how each gold label spreads over our categories. Their taxonomy differs from ours, so "agrees" counts
// a message whose category is one a hotline would file under that gold label.
const DEFAULT_PATH = resolve(__dirname, '../../../../../shared/data/complaints-zh/messages.csv');

const COMPATIBLE: Readonly<Record<string, readonly string[]>> = {
  城乡建设: ['water_supply', 'power_supply', 'gas_supply', 'heating', 'gas_leak', 'public_safety_hazard', 'illegal_construction', 'sanitation',
    'street_order', 'road_damage', 'street_light', 'parking', 'property_management', 'housing', 'greening', 'noise'],
  劳动和社会保障: ['labour_wages'],
  教育文体: ['education'],
  商贸旅游: ['market_regulation'],
  环境保护: ['environment_pollution', 'noise', 'greening', 'sanitation'],
  卫生计生: ['health'],
  交通运输: ['traffic', 'road_damage', 'parking'],
};

const percent = (n: number, of: number): string => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;

function main(): void {
  const path = process.argv[2] ?? DEFAULT_PATH;
  if (!existsSync(path)) {
    console.log(`skipped: ${path} is absent (it lives in shared/data/complaints-zh beside the repository)`);
    return;
  }
  const rules: KeywordRule[] = CATEGORIES.map((c) => ({ category: c.code, name: c.name, urgency: c.urgency, keywords: c.keywords }));
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const column = (name: string): number => header?.indexOf(name) ?? -1;
  const [title, detail, label] = [column('title'), column('detail'), column('label')];
  if (title < 0 || detail < 0 || label < 0) throw new Error(`${path} needs the columns title, detail, label`);

  const byLabel = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const gold = row[label]?.trim();
    if (!gold) continue;
    const { category } = scoreKeywords(`${row[title] ?? ''}\n${row[detail] ?? ''}`, rules);
    const counts = byLabel.get(gold) ?? new Map<string, number>();
    counts.set(category, (counts.get(category) ?? 0) + 1);
    byLabel.set(gold, counts);
  }

  let total = 0;
  let agreed = 0;
  let unmatched = 0;
  console.log(`${path}\n`);
  for (const [gold, counts] of [...byLabel].sort((a, b) => a[0].localeCompare(b[0], 'zh'))) {
    const n = [...counts.values()].reduce((sum, c) => sum + c, 0);
    const compatible = COMPATIBLE[gold] ?? [];
    const agree = [...counts].filter(([category]) => compatible.includes(category)).reduce((sum, [, c]) => sum + c, 0);
    total += n;
    agreed += agree;
    unmatched += counts.get('other') ?? 0;
    const spread = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([category, c]) => `${category} ${percent(c, n)}`)
      .join(', ');
    console.log(`${gold} (${n}): agrees ${percent(agree, n)}; ${spread}`);
  }
  console.log(`\n${total} messages: agrees ${percent(agreed, total)}, no keyword (other) ${percent(unmatched, total)}`);
}

main();
