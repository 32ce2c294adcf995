/** mulberry32: a small seeded generator, so training and splits repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with a seeded generator. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Deals the indices of each label round-robin into `k` folds after a seeded shuffle, so every fold
 * holds each label in the same proportion. Returns each index's fold.
 */
export function stratifiedFolds(labels: readonly string[], k: number, seed: number): number[] {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, index) => {
    const group = byLabel.get(label);
    if (group) group.push(index);
    else byLabel.set(label, [index]);
  });
  const fold = new Array<number>(labels.length).fill(0);
  let offset = 0;
  for (const label of [...byLabel.keys()].sort()) {
    shuffled(byLabel.get(label) ?? [], random).forEach((index, i) => (fold[index] = (i + offset) % k));
    offset += (byLabel.get(label) ?? []).length;
  }
  return fold;
}

/** A fixed stratified split: `testShare` of each label goes to the test part. */
export function stratifiedSplit(labels: readonly string[], testShare: number, seed: number): { train: number[]; test: number[] } {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, index) => {
    const group = byLabel.get(label);
    if (group) group.push(index);
    else byLabel.set(label, [index]);
  });
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const indices = shuffled(byLabel.get(label) ?? [], random);
    const cut = Math.round(indices.length * testShare);
    test.push(...indices.slice(0, cut));
    train.push(...indices.slice(cut));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}
