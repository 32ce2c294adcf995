import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

/** How a text is cut into search terms (分词). Each one is measured by `npm run knowledge:eval`. */
export const SEGMENTERS = ['jieba', 'intl', 'bigram'] as const;
export type SegmenterName = (typeof SEGMENTERS)[number];
/** The highest precision at 1 on real questions (README, Knowledge base). */
export const DEFAULT_SEGMENTER: SegmenterName = 'bigram';

// Function words and hotline boilerplate that match almost every entry; they only add noise to the rank.
const STOP_WORDS = new Set([
  '的', '了', '是', '我', '你', '他', '她', '它', '们', '我们', '在', '和', '与', '及', '或', '有', '也', '就', '都', '而', '之',
  '请问', '请', '问', '吗', '呢', '吧', '啊', '么', '什么', '怎么', '怎么办', '如何', '为什么', '哪里', '是否', '可以', '能否', '能', '会',
  '这', '那', '这个', '那个', '一个', '没有', '不', '要', '去', '到', '对', '被', '把', '给', '让', '还', '又', '很', '该', '等',
  '您好', '你好', '谢谢', '反映', '问题', '情况', '相关', '希望', '领导', '有关', '部门', '市民', '咨询', '投诉',
]);

const WORD = /[\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;

let jieba: Jieba | undefined;
const jiebaCut = (text: string): string[] => {
  jieba ??= Jieba.withDict(dict);
  return jieba.cutForSearch(text, true);
};

const intlSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const intlCut = (text: string): string[] => [...intlSegmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);

// Every pair of neighbouring Han characters, plus each run of Latin letters or digits as one term.
function bigramCut(text: string): string[] {
  const terms: string[] = [];
  for (const run of text.match(/\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu) ?? []) {
    if (!HAN.test(run)) terms.push(run);
    else if (run.length === 1) terms.push(run);
    else for (let i = 0; i + 1 < run.length; i += 1) terms.push(run.slice(i, i + 2));
  }
  return terms;
}

const CUTTERS: Record<SegmenterName, (text: string) => string[]> = { jieba: jiebaCut, intl: intlCut, bigram: bigramCut };

/**
 * The search terms of a text, in order (repeats kept: the rank counts them): lower-cased, only
 * letters and digits, without stop words.
 */
export function searchTerms(text: string, segmenter: SegmenterName): string[] {
  return CUTTERS[segmenter](text.normalize('NFKC').toLowerCase())
    .map((term) => [...term].filter((ch) => WORD.test(ch)).join(''))
    .filter((term) => term.length > 0 && !STOP_WORDS.has(term));
}

/** A query's distinct terms, capped so a pasted essay cannot build an enormous tsquery. */
export function queryTerms(text: string, segmenter: SegmenterName, max = 64): string[] {
  return [...new Set(searchTerms(text, segmenter))].slice(0, max);
}

/** `'a' | 'b' | …` for to_tsquery('simple', …): any term may match, the rank orders by how many and how close. */
export function orQuery(terms: readonly string[]): string {
  return terms.map((term) => `'${term}'`).join(' | ');
}

/** Share of the query's distinct terms that the entry contains: what the answer threshold is set on. */
export function coverage(query: readonly string[], entryTerms: ReadonlySet<string>): number {
  if (query.length === 0) return 0;
  return query.filter((term) => entryTerms.has(term)).length / query.length;
}
