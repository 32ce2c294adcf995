import { buildPairs, categoryOf, confusionAt, evaluateDuplicates, formatEvaluation, parseRequests, type PairScore } from './evaluate-duplicates';

// A tiny 311 extract: two street-light requests 30 m and 10 minutes apart, the second marked a
// duplicate; a pothole with no position; and two noise complaints a week apart.
const CSV = [
  'city,request_id,created_at,closed_at,category,subcategory,agency,status,lat,lon,area',
  'baltimore,1,2016-05-01T20:00:00,2016-05-03T09:00:00,BGE-StLight(s) Out,,BGE,Closed,39.300000,-76.600000,Midtown',
  'baltimore,2,2016-05-01T20:10:00,2016-05-01T21:00:00,BGE-StLight(s) Out,,BGE,Closed (Duplicate),39.300270,-76.600000,Midtown',
  'baltimore,3,2016-05-02T08:00:00,,TRM-Pothole Repair,,Transportation,Open,,,Canton',
  'san_francisco,4,2016-05-01T23:00:00,,Noise Report,,DPH,Closed,37.770000,-122.420000,Mission',
  'san_francisco,5,2016-05-08T23:00:00,,Noise Report,,DPH,Closed,37.770500,-122.420000,Mission',
  '',
].join('\n');

const options = { seed: 7, derivedShare: 1, nearDistinctShare: 1 };

describe('duplicates evaluation', () => {
  it('reads the 311 requests, mapping categories and keeping a missing position as none', () => {
    const requests = parseRequests(CSV);
    expect(requests.map((r) => [r.requestId, r.category, r.isMarkedDuplicate, r.position === null])).toEqual([
      ['1', 'street_light', false, false],
      ['2', 'street_light', true, false],
      ['3', 'road_damage', false, true],
      ['4', 'noise', false, false],
      ['5', 'noise', false, false],
    ]);
    expect(categoryOf('Sewer Issues')).toBe('sanitation');
    expect(categoryOf('General Request - COUNTY CLERK')).toBe('other');
  });

  it('builds positives from marked and derived repeats and negatives from real and near neighbours, the same for a seed', () => {
    const requests = parseRequests(CSV);
    const pairs = buildPairs(requests, options);
    const kinds = pairs.map((p) => p.kind);
    expect(kinds.filter((k) => k === 'marked_duplicate')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'derived_repeat')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'near_distinct')).toHaveLength(4);
    // Request 5's nearest earlier noise complaint (request 4, 56 m, a week) is a real distinct pair; request 2 is marked, so not one.
    expect(pairs.filter((p) => p.kind === 'real_distinct').map((p) => p.open.caseId)).toEqual(['4']);
    expect(pairs.every((p) => p.isDuplicate === (p.kind === 'marked_duplicate' || p.kind === 'derived_repeat'))).toBe(true);
    expect(pairs.every((p) => p.request.category === p.open.category && p.open.receivedAt <= p.request.receivedAt)).toBe(true);
    const pothole = pairs.find((p) => p.kind === 'derived_repeat' && p.request.category === 'road_damage');
    expect([pothole?.request.position, pothole?.open.position, pothole?.open.districtCode]).toEqual([null, null, 'baltimore:Canton']);
    expect(buildPairs(requests, options)).toEqual(pairs);
  });

  it('counts precision and recall of a threshold', () => {
    const pair = (isDuplicate: boolean) => ({ isDuplicate }) as PairScore['pair'];
    const scored: PairScore[] = [
      { pair: pair(true), score: 0.9, textSimilarity: 1 },
      { pair: pair(true), score: 0.5, textSimilarity: 0.4 },
      { pair: pair(true), score: null, textSimilarity: null },
      { pair: pair(false), score: 0.7, textSimilarity: 0.6 },
      { pair: pair(false), score: 0.2, textSimilarity: 0.1 },
    ];
    expect(confusionAt(scored, 0.6)).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 2, precision: 0.5, recall: 1 / 3 });
    expect(confusionAt(scored, 0.95)).toMatchObject({ truePositives: 0, falsePositives: 0, precision: 1, recall: 0, f1: 0 });
  });

  it('runs end to end over the extract and prints the bands, the breakdown and the sweep', () => {
    const thresholds = { merge: 0.85, flag: 0.6 };
    const defaults = { radiusMetres: 100, windowHours: 72 };
    const result = evaluateDuplicates(parseRequests(CSV), { seed: 7, thresholds, defaults, derivedShare: 1, nearDistinctShare: 1 });
    expect(result.pairCounts).toEqual({ marked_duplicate: 1, derived_repeat: 4, real_distinct: 1, near_distinct: 4 });
    expect(result.merge.threshold).toBe(0.85);
    expect(result.mergeOrFlag.truePositives + result.mergeOrFlag.falseNegatives).toBe(5);
    expect(result.sweep.map((c) => c.threshold)).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]);
    const text = formatEvaluation(result, { path: 'inline', seed: 7, defaults });
    expect(text).toContain('pairs: 5 duplicates (1 marked "(Duplicate)", 4 derived re-reports), 5 distinct (1 real nearest neighbours, 4 near neighbours)');
    expect(text).toMatch(/merge \(≥ MERGE\)\s+0\.85/);
  });
});
