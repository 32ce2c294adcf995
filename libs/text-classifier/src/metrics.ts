export interface ClassReport {
  readonly label: string;
  readonly support: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface Evaluation {
  readonly n: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly perClass: readonly ClassReport[];
  readonly labels: readonly string[];
  /** confusion[gold][predicted], in the order of `labels`. */
  readonly confusion: readonly (readonly number[])[];
}

export function evaluate(gold: readonly string[], predicted: readonly string[]): Evaluation {
  const labels = [...new Set([...gold, ...predicted])].sort();
  const at = new Map(labels.map((label, i) => [label, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  gold.forEach((g, i) => {
    const row = confusion[at.get(g) as number];
    const p = at.get(predicted[i]) as number;
    row[p] = (row[p]) + 1;
  });
  const perClass = labels.map((label, k): ClassReport => {
    const tp = confusion[k]?.[k] ?? 0;
    const support = (confusion[k] ?? []).reduce((s, v) => s + v, 0);
    const predictedK = confusion.reduce((s, row) => s + (row[k] ?? 0), 0);
    const precision = predictedK === 0 ? 0 : tp / predictedK;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, support, precision, recall, f1 };
  });
  const withSupport = perClass.filter((c) => c.support > 0);
  const correct = labels.reduce((s, _, k) => s + (confusion[k]?.[k] ?? 0), 0);
  return {
    n: gold.length,
    accuracy: gold.length === 0 ? 0 : correct / gold.length,
    macroF1: withSupport.reduce((s, c) => s + c.f1, 0) / Math.max(1, withSupport.length),
    perClass,
    labels,
    confusion,
  };
}
