import type { CatalogueRule } from './catalogue-rule';

const COMPARED_FIELDS = ['name', 'requestTypes', 'category', 'districtCode', 'streetCode', 'gridCode', 'keywords', 'agencyId', 'coHandlerIds'] as const;
export type RuleField = (typeof COMPARED_FIELDS)[number];

/** Positions are 1-based, as a dispatcher reads the catalogue. */
export interface CatalogueDiff {
  /** In the version, not in the one compared against. */
  readonly added: { position: number; rule: CatalogueRule }[];
  /** In the version compared against, not in this one. */
  readonly removed: { position: number; rule: CatalogueRule }[];
  /** The same ruleId with other conditions or units. */
  readonly changed: { ruleId: string; fields: RuleField[]; before: CatalogueRule; after: CatalogueRule }[];
  /** Rules whose order relative to the rules both versions share changed: first match wins, so order is meaning. */
  readonly moved: { ruleId: string; from: number; to: number }[];
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The longest common subsequence of two id lists: the shared rules that kept their relative order. */
function keptInOrder(before: readonly string[], after: readonly string[]): Set<string> {
  const lengths = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i -= 1) {
    for (let j = after.length - 1; j >= 0; j -= 1) {
      lengths[i][j] = before[i] === after[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const kept = new Set<string>();
  for (let i = 0, j = 0; i < before.length && j < after.length; ) {
    if (before[i] === after[j]) {
      kept.add(before[i]);
      i += 1;
      j += 1;
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) i += 1;
    else j += 1;
  }
  return kept;
}

/** What changes from `against` to `version`, rule by rule (matched by ruleId). */
export function diffCatalogues(version: readonly CatalogueRule[], against: readonly CatalogueRule[]): CatalogueDiff {
  const beforeById = new Map(against.map((rule, index) => [rule.ruleId, { rule, position: index + 1 }]));
  const afterById = new Map(version.map((rule, index) => [rule.ruleId, { rule, position: index + 1 }]));
  const added = version.flatMap((rule, index) => (beforeById.has(rule.ruleId) ? [] : [{ position: index + 1, rule }]));
  const removed = against.flatMap((rule, index) => (afterById.has(rule.ruleId) ? [] : [{ position: index + 1, rule }]));
  const changed = version.flatMap((after) => {
    const before = beforeById.get(after.ruleId)?.rule;
    if (!before) return [];
    const fields = COMPARED_FIELDS.filter((field) => !sameValue(before[field], after[field]));
    return fields.length === 0 ? [] : [{ ruleId: after.ruleId, fields, before, after }];
  });
  const sharedBefore = against.map((r) => r.ruleId).filter((id) => afterById.has(id));
  const sharedAfter = version.map((r) => r.ruleId).filter((id) => beforeById.has(id));
  const kept = keptInOrder(sharedBefore, sharedAfter);
  const moved = sharedAfter
    .filter((id) => !kept.has(id))
    .map((ruleId) => ({ ruleId, from: beforeById.get(ruleId)!.position, to: afterById.get(ruleId)!.position }));
  return { added, removed, changed, moved };
}
