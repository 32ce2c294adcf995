import { coverage, orQuery, queryTerms, searchTerms } from './segmenters';

describe('searchTerms', () => {
  it('cuts Chinese text into words with jieba and ICU, and into neighbouring pairs with bigrams, without stop words or punctuation', () => {
    expect(searchTerms('请问暖气不热怎么办？', 'jieba')).toEqual(expect.arrayContaining(['暖气', '不热']));
    expect(searchTerms('请问暖气不热怎么办？', 'intl')).toEqual(expect.arrayContaining(['暖气']));
    expect(searchTerms('暖气不热', 'bigram')).toEqual(['暖气', '气不', '不热']);
    for (const segmenter of ['jieba', 'intl'] as const) {
      expect(searchTerms('请问，的了！？', segmenter)).toEqual([]);
    }
    expect(searchTerms('请问，我！', 'bigram')).toEqual([]);
  });

  it('keeps Latin and digit runs whole and lower-cases them', () => {
    expect(searchTerms('12345热线 APP', 'bigram')).toEqual(['12345', '热线', 'app']);
  });
});

describe('queryTerms and orQuery', () => {
  it('keeps each term once, caps the count, and builds an any-term tsquery', () => {
    expect(queryTerms('暖气暖气', 'bigram')).toEqual(['暖气', '气暖']);
    expect(queryTerms('一二三四五六七八九十', 'bigram', 3)).toHaveLength(3);
    expect(orQuery(['暖气', '不热'])).toBe("'暖气' | '不热'");
  });
});

describe('coverage', () => {
  it('is the share of the query terms the entry holds', () => {
    expect(coverage(['暖气', '不热', '室温', '标准'], new Set(['暖气', '不热', '室温']))).toBe(0.75);
    expect(coverage([], new Set(['暖气']))).toBe(0);
  });
});
