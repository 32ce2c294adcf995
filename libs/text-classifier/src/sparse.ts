/** A sparse row: sorted feature indices and their values. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export function dot(weights: Float32Array | Float64Array, offset: number, x: SparseVector): number {
  let sum = 0;
  const { indices, values } = x;
  for (let j = 0; j < indices.length; j += 1) sum += (weights[offset + (indices[j])]) * (values[j]);
  return sum;
}

export function squaredNorm(x: SparseVector): number {
  let sum = 0;
  for (const v of x.values) sum += v * v;
  return sum;
}
