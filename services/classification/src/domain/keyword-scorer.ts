import type { Urgency } from '@hotline/contracts';

/** One category of the keyword catalogue, as an operator configured it. */
export interface KeywordRule {
  readonly category: string;
  readonly name: string;
  readonly urgency: Urgency;
  readonly keywords: readonly string[];
}

export interface KeywordScore {
  readonly category: string;
  readonly categoryName: string;
  readonly urgency: Urgency;
  /** 0..1: how much the winning category's hits dominate, and how many there are. */
  readonly confidence: number;
  /** The winner's keywords, then any emergency keywords that raised the urgency, in order of appearance. */
  readonly matchedKeywords: readonly string[];
}

export const FALLBACK_CATEGORY = 'other';
export const NO_MATCH_CONFIDENCE = 0.1;
const FALLBACK_RULE: KeywordRule = { category: FALLBACK_CATEGORY, name: '其他', urgency: 'normal', keywords: [] };
const URGENCY_RANK: Readonly<Record<Urgency, number>> = { emergency: 2, urgent: 1, normal: 0 };

export interface Hit {
  readonly ruleIndex: number;
  readonly keyword: string;
  readonly start: number;
  readonly end: number;
}

// A Chinese keyword carries a word per one or two characters; an English one needs several letters per word.
const weightOf = (keyword: string): number => (/^[\x20-\x7e]+$/.test(keyword) ? Math.ceil(keyword.length / 3) : keyword.length);

interface IndexedKeyword {
  readonly ruleIndex: number;
  readonly keyword: string;
}

/** A rule set's keywords, trimmed and lower-cased, by their first character. */
type KeywordIndex = ReadonlyMap<string, readonly IndexedKeyword[]>;

// The rules come from the catalogue's cache, the same array until an operator changes them: index each once.
const keywordIndexes = new WeakMap<readonly KeywordRule[], KeywordIndex>();

function keywordIndexOf(rules: readonly KeywordRule[]): KeywordIndex {
  const cached = keywordIndexes.get(rules);
  if (cached) return cached;
  const index = new Map<string, IndexedKeyword[]>();
  rules.forEach((rule, ruleIndex) => {
    for (const raw of rule.keywords) {
      const keyword = raw.trim().toLowerCase();
      if (keyword === '') continue;
      const first = keyword[0];
      const entries = index.get(first) ?? [];
      entries.push({ ruleIndex, keyword });
      index.set(first, entries);
    }
  });
  keywordIndexes.set(rules, index);
  return index;
}

/**
 * Every occurrence of every keyword in a lower-cased text, overlapping ones included, but for those a
 * longer hit covers; in order of position. One pass over the text: at each position only the keywords
 * that start with its character are compared. Exported for its test.
 */
export function findHits(text: string, rules: readonly KeywordRule[]): Hit[] {
  const index = keywordIndexOf(rules);
  const hits: Hit[] = [];
  for (let start = 0; start < text.length; start += 1) {
    const candidates = index.get(text[start]);
    if (candidates === undefined) continue;
    for (const { ruleIndex, keyword } of candidates) {
      if (text.startsWith(keyword, start)) hits.push({ ruleIndex, keyword, start, end: start + keyword.length });
    }
  }
  // 燃气 inside 燃气泄漏 is not a second opinion: a hit covered by a longer one does not count.
  return hits.filter((h) => !hits.some((o) => o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start));
}

const distinctInOrder = (hits: readonly Hit[]): string[] => [...new Set([...hits].sort((a, b) => a.start - b.start).map((h) => h.keyword))];

/**
 * Files a message under the category whose keywords weigh most (each distinct keyword counts its
 * length once); ties go to the more urgent, then the earlier category. No hit files it under `other`.
 * Any hit of an emergency category makes the case an emergency, whatever category wins.
 */
export function scoreKeywords(text: string, rules: readonly KeywordRule[]): KeywordScore {
  const hits = findHits(text.toLowerCase(), rules);
  const scores = rules.map((_, index) =>
    [...new Set(hits.filter((h) => h.ruleIndex === index).map((h) => h.keyword))].reduce((sum, k) => sum + weightOf(k), 0),
  );
  const ranked = rules
    .map((rule, index) => ({ rule, index, score: scores[index] ?? 0 }))
    .filter((candidate) => candidate.score > 0)
    .sort((a, b) => b.score - a.score || URGENCY_RANK[b.rule.urgency] - URGENCY_RANK[a.rule.urgency] || a.index - b.index);
  const winner = ranked[0];
  if (winner === undefined) {
    const fallback = rules.find((r) => r.category === FALLBACK_CATEGORY) ?? FALLBACK_RULE;
    return { category: fallback.category, categoryName: fallback.name, urgency: fallback.urgency, confidence: NO_MATCH_CONFIDENCE, matchedKeywords: [] };
  }
  const emergencyHits = hits.filter((h) => h.ruleIndex !== winner.index && rules[h.ruleIndex]?.urgency === 'emergency');
  const isEscalated = emergencyHits.length > 0;
  const bestScore = winner.score;
  const total = scores.reduce((sum, s) => sum + s, 0);
  // Share of all keyword weight × saturation in the winner's own weight (a single 2-character hit is weak).
  const confidence = (bestScore / total) * (1 - Math.exp(-bestScore / 4));
  return {
    category: winner.rule.category,
    categoryName: winner.rule.name,
    urgency: isEscalated ? 'emergency' : winner.rule.urgency,
    confidence: Math.round(Math.min(1, Math.max(NO_MATCH_CONFIDENCE, confidence)) * 100) / 100,
    matchedKeywords: [...distinctInOrder(hits.filter((h) => h.ruleIndex === winner.index)), ...distinctInOrder(emergencyHits)],
  };
}

/** What an event records as its classifier: the scoring method and the keyword rules' version. */
export function classifierVersionFor(rulesVersion: number): string {
  return `keyword-v1+rules.${rulesVersion}`;
}
