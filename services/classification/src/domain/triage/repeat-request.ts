// 并案: a repeat request with nothing new joins the open order it repeats.

/** Character bigrams of a text's letters and digits (punctuation and spacing do not make a text new). */
function bigrams(text: string): Map<string, number> {
  const chars = [...text.normalize('NFKC').toLowerCase()].filter((ch) => /[\p{L}\p{N}]/u.test(ch));
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i += 1) {
    const gram = chars[i] + chars[i + 1];
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Dice coefficient of the two texts' character bigrams: 1 for the same wording, 0 for nothing shared. */
export function textSimilarity(a: string, b: string): number {
  const [x, y] = [bigrams(a), bigrams(b)];
  const total = [...x.values(), ...y.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return 0;
  let shared = 0;
  for (const [gram, n] of x) shared += Math.min(n, y.get(gram) ?? 0);
  return (2 * shared) / total;
}

/** The numbers in a text (house numbers, plates, dates): two texts alike but for a number are two matters. */
const numbersOf = (text: string): string => [...new Set(text.normalize('NFKC').match(/\d+/g) ?? [])].sort().join(',');

export interface OpenCase {
  caseId: string;
  category: string;
  districtCode: string | null;
  text: string;
  receivedAt: Date;
}

export interface RepeatPolicy {
  windowHours: number;
  minSimilarity: number;
}

/**
 * The open case a new request repeats: same category and district (a request with no district never
 * merges), received within the window, the same numbers, and near-identical wording. The most similar
 * wins, then the oldest.
 */
export function findRepeatedCase(
  request: { category: string; districtCode: string | null; text: string; receivedAt: Date },
  openCases: readonly OpenCase[],
  policy: RepeatPolicy,
): { caseId: string; similarity: number } | null {
  if (request.districtCode === null) return null;
  const since = request.receivedAt.getTime() - policy.windowHours * 3_600_000;
  const numbers = numbersOf(request.text);
  let best: { caseId: string; similarity: number; receivedAt: number } | null = null;
  for (const open of openCases) {
    const isCandidate = open.category === request.category && open.districtCode === request.districtCode && open.receivedAt.getTime() >= since;
    if (!isCandidate || numbersOf(open.text) !== numbers) continue;
    const similarity = textSimilarity(request.text, open.text);
    if (similarity < policy.minSimilarity) continue;
    const isBetter = !best || similarity > best.similarity || (similarity === best.similarity && open.receivedAt.getTime() < best.receivedAt);
    if (isBetter) best = { caseId: open.caseId, similarity, receivedAt: open.receivedAt.getTime() };
  }
  return best ? { caseId: best.caseId, similarity: best.similarity } : null;
}
