import type { FeatureOptions } from './features';
import type { Head, TextClassifierModel, TrainingSummary } from './model';
import { vectorizerOf } from './vectorizer';

// Layout: "TXC1", header length (uint32 LE), header JSON (UTF-8), zero padding to 4 bytes, then
// float32 LE arrays: idf, and per head its weights (features × classes, feature-major) and biases.
const MAGIC = 'TXC1';

interface Header {
  readonly format: 1;
  readonly features: FeatureOptions;
  readonly terms: readonly string[];
  readonly heads: ReadonlyArray<{ name: string; labels: readonly string[]; temperature: number; c: number; nbAlpha?: number; nbSvm?: { c: number; alpha: number } }>;
  readonly summary: TrainingSummary;
}

export function serializeModel(model: TextClassifierModel): Buffer {
  const header: Header = {
    format: 1,
    features: model.vectorizer.options,
    terms: model.vectorizer.terms,
    heads: model.heads.map((h) => ({ name: h.name, labels: h.labels, temperature: h.temperature, c: h.c, ...(h.nbAlpha === undefined ? {} : { nbAlpha: h.nbAlpha }), ...(h.nbSvm === undefined ? {} : { nbSvm: h.nbSvm }) })),
    summary: model.summary,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Math.ceil((8 + json.length) / 4) * 4;
  const arrays = [model.vectorizer.idf, ...model.heads.flatMap((h) => [h.scorer.weights, h.scorer.bias])];
  const out = Buffer.alloc(padded + arrays.reduce((sum, a) => sum + a.byteLength, 0));
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  let offset = padded;
  for (const array of arrays) {
    for (let i = 0; i < array.length; i += 1) out.writeFloatLE(array[i], offset + 4 * i);
    offset += array.byteLength;
  }
  return out;
}

export function deserializeModel(bytes: Uint8Array): TextClassifierModel {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 8 || buffer.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a text-classifier model (bad magic)');
  const length = buffer.readUInt32LE(4);
  const header = JSON.parse(buffer.toString('utf8', 8, 8 + length)) as Header;
  if (header.format !== 1) throw new Error(`unsupported text-classifier model format ${String(header.format)}`);
  let offset = Math.ceil((8 + length) / 4) * 4;
  const read = (n: number): Float32Array => {
    const array = new Float32Array(n);
    for (let i = 0; i < n; i += 1) array[i] = buffer.readFloatLE(offset + 4 * i);
    offset += 4 * n;
    return array;
  };
  const dimension = header.terms.length;
  const idf = read(dimension);
  const heads = header.heads.map((h): Head => {
    const classes = h.labels.length;
    const weights = read(classes * dimension);
    const bias = read(classes);
    return { name: h.name, labels: h.labels, temperature: h.temperature, c: h.c, ...(h.nbAlpha === undefined ? {} : { nbAlpha: h.nbAlpha }), ...(h.nbSvm === undefined ? {} : { nbSvm: h.nbSvm }), scorer: { dimension, classes, weights, bias } };
  });
  if (offset !== buffer.length) throw new Error(`text-classifier model has ${buffer.length - offset} unexpected trailing bytes`);
  return { vectorizer: vectorizerOf(header.features, header.terms, idf), heads, summary: header.summary };
}
