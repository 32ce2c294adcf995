import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

/** Which terms a text yields. Each family is prefixed so the same string from two families stays two features. */
export interface FeatureOptions {
  /** Character n-grams of each Han run, from 1 to this length (0: none). */
  readonly charNgramMax: number;
  /**
   * Character n-grams inside each jieba word of a Han run, the word marked at both ends (`<公交>` gives
   * `<公`, `公交`, `交>`, `<公交`, …), from the first to the second length: scikit-learn's `char_wb`. They
   * see part of a word and where it starts or ends. Absent or null (models before it): none.
   */
  readonly wordCharNgrams?: readonly [number, number] | null;
  /** jieba words (分词) of each Han run, and English words. */
  readonly words: boolean;
  /** Pairs of neighbouring words. */
  readonly wordBigrams: boolean;
  /** Character 3–5-grams of English words (robust to inflection and typos). */
  readonly latinCharNgrams: boolean;
  /** The title's terms again under their own prefix: a title names the matter more plainly than the body. */
  readonly titleTerms: boolean;
  /** Character n-grams of the title's terms, from 1 to this length (absent: `charNgramMax`); the title gets no `wordCharNgrams`. */
  readonly titleCharNgramMax?: number;
  /** Only the description's first characters count: a pasted policy text says no more about the matter and would cost milliseconds. */
  readonly maxDetailChars: number;
}

export const DEFAULT_FEATURES: FeatureOptions = {
  charNgramMax: 2,
  wordCharNgrams: [2, 4],
  words: true,
  wordBigrams: true,
  latinCharNgrams: true,
  titleTerms: true,
  titleCharNgramMax: 3,
  maxDetailChars: 1000,
};

let jieba: Jieba | undefined;
const cutWords = (run: string): string[] => {
  jieba ??= Jieba.withDict(dict);
  return jieba.cut(run, true);
};

const RUNS = /\p{Script=Han}+|[\p{L}\p{N}]+/gu;
const HAN = /\p{Script=Han}/u;
const DIGITS = /^\p{N}+$/u;

/** NFKC, lower case; digits collapse to one shape, as years and phone numbers say little about the matter. */
function runsOf(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(RUNS) ?? []).map((run) => (DIGITS.test(run) ? '0' : run));
}

function add(counts: Map<string, number>, term: string): void {
  counts.set(term, (counts.get(term) ?? 0) + 1);
}

function termsOf(text: string, options: FeatureOptions, prefix: string, counts: Map<string, number>): void {
  const words: string[] = [];
  for (const run of runsOf(text)) {
    if (HAN.test(run)) {
      for (let n = 1; n <= options.charNgramMax; n += 1) {
        for (let i = 0; i + n <= run.length; i += 1) add(counts, `${prefix}c${run.slice(i, i + n)}`);
      }
      if (options.words || options.wordBigrams || options.wordCharNgrams) words.push(...cutWords(run));
    } else {
      words.push(run);
      if (options.latinCharNgrams && run.length > 2 && !DIGITS.test(run)) {
        const padded = ` ${run} `;
        for (let n = 3; n <= 5; n += 1) for (let i = 0; i + n <= padded.length; i += 1) add(counts, `${prefix}l${padded.slice(i, i + n)}`);
      }
    }
  }
  if (options.words) for (const word of words) add(counts, `${prefix}w${word}`);
  if (options.wordBigrams) for (let i = 0; i + 1 < words.length; i += 1) add(counts, `${prefix}b${words[i]} ${words[i + 1]}`);
  const [min, max] = options.wordCharNgrams ?? [0, -1];
  for (const word of words) {
    if (min > max || !HAN.test(word)) continue;
    const marked = `<${word}>`;
    for (let n = min; n <= max; n += 1) for (let i = 0; i + n <= marked.length; i += 1) add(counts, `${prefix}k${marked.slice(i, i + n)}`);
  }
}

/** A labelled or unlabelled request: a title and a free-text description, Chinese or English. */
export interface Document {
  readonly title: string;
  readonly detail: string;
}

/** Raw term counts of a document: the body's, then the title's again under `t` when `titleTerms`. */
export function termCounts(document: Document, options: FeatureOptions): Map<string, number> {
  const counts = new Map<string, number>();
  termsOf(`${document.title}\n${document.detail.slice(0, options.maxDetailChars)}`, options, '', counts);
  if (options.titleTerms && document.title.trim() !== '') {
    termsOf(document.title, { ...options, charNgramMax: options.titleCharNgramMax ?? options.charNgramMax, wordCharNgrams: null }, 't', counts);
  }
  return counts;
}
