import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadClassificationConfig } from '../config/classification-config';
import { duplicateScore, type DuplicateSettings, type DuplicateThresholds, type NewRequest, type OpenCase, type Position } from '../domain/triage/repeat-request';
import { DEFAULT_DUPLICATE_SETTINGS } from '../infrastructure/database/migrations/1769000000000-duplicate-search-by-place';
import { parseCsv } from './parse-csv';

// 并案 evaluation: labelled pairs built from real 311 requests (Baltimore and San Francisco), scored by
// the same duplicateScore() triage uses, at the configured thresholds and a sweep around them.
//
// The data has place, time and category but no text, and the "(Duplicate)" rows do not name their
// parent (in this 20,000-row sample a marked duplicate has no same-category request within 200 m and
// 72 h). So the pairs are built like this (every generator parameter below was fixed before the first
// measurement, as were the score weights, the thresholds and the per-category radius and window):
//  - positives: each real request marked "(Duplicate)", and a seeded sample of other real requests,
//    paired with the earlier report it repeats: same category, the reporter's position moved by a
//    distance drawn from the GEOCODE_OFFSET mix, received a gap drawn from REPEAT_GAP_HOURS earlier;
//    a request without a position keeps none (compared by district, the 311 neighbourhood).
//  - negatives: (a) each real request paired with the nearest earlier real request of the same
//    category in the sample within 1 km and 30 days (really two requests); (b) for a seeded sample of
//    real requests, a distinct report of the same category 15–150 m away (the next lamp, the next
//    house), received a REPEAT_GAP_HOURS gap earlier.
//  - text: each report draws its own wording from the category's templates, naming its road and house
//    number; a repeat names the same road and number (and leaves the number out 20% of the time); a
//    distinct report names another number (on the same road half of the time).

const DEFAULT_PATH =
  [5, 6].map((up) => resolve(__dirname, '../'.repeat(up), 'shared/data/requests-311/baltimore-sf.csv')).find((path) => existsSync(path)) ??
  resolve(__dirname, '../../../../../shared/data/requests-311/baltimore-sf.csv');

export interface Request311 {
  city: string;
  requestId: string;
  createdAt: Date;
  category311: string;
  category: string;
  isMarkedDuplicate: boolean;
  position: Position | null;
  area: string | null;
}

export interface LabelledPair {
  kind: 'marked_duplicate' | 'derived_repeat' | 'real_distinct' | 'near_distinct';
  isDuplicate: boolean;
  request: NewRequest;
  open: OpenCase;
}

/** Our category for a 311 category (Baltimore's "AGENCY-Name", San Francisco's names); unknown ones are `other`. */
export function categoryOf(category311: string): string {
  const rules: ReadonlyArray<readonly [RegExp, string]> = [
    [/stlight|street ?light|streetlight/i, 'street_light'],
    [/noise/i, 'noise'],
    [/pothole|street repair|footway|sidewalk|curb|snow|icy|street and sidewalk|street defect/i, 'road_damage'],
    [/parking|abandoned vehicle|blocked driveway/i, 'parking'],
    [/tree|park/i, 'greening'],
    [/water leak|water main|no water|water pressure|ww-water/i, 'water_supply'],
    [/traffic signal|signal|sign/i, 'traffic'],
    [/dirty|sanitation|bulk|graffiti|rat|trash|garbage|litter|dumping|sewer|cleaning|encampment|alley/i, 'sanitation'],
    [/vacant building|illegal|construction|permit/i, 'illegal_construction'],
    [/air|odor|smoke|pollution/i, 'environment_pollution'],
  ];
  return rules.find(([pattern]) => pattern.test(category311))?.[1] ?? 'other';
}

/** The requests of the 311 CSV (header: city,request_id,created_at,closed_at,category,subcategory,agency,status,lat,lon,area). */
export function parseRequests(csv: string): Request311[] {
  const [header, ...rows] = parseCsv(csv);
  if (!header) return [];
  const at = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`the 311 CSV has no ${name} column`);
    return index;
  };
  const [city, id, created, category, status, lat, lon, area] = ['city', 'request_id', 'created_at', 'category', 'status', 'lat', 'lon', 'area'].map(at);
  return rows
    .filter((row) => row.length >= header.length && row[created] && row[category])
    .map((row) => {
      const [latitude, longitude] = [Number(row[lat]), Number(row[lon])];
      const hasPosition = row[lat] !== '' && row[lon] !== '' && Number.isFinite(latitude) && Number.isFinite(longitude) && latitude !== 0;
      return {
        city: row[city],
        requestId: row[id],
        createdAt: new Date(`${row[created]}Z`),
        category311: row[category],
        category: categoryOf(row[category]),
        isMarkedDuplicate: /\(Duplicate\)/.test(row[status]),
        position: hasPosition ? { lat: latitude, lon: longitude } : null,
        area: row[area] ? `${row[city]}:${row[area]}` : null,
      };
    });
}

/** A seeded generator (mulberry32): the same pairs on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// How far apart two reports of one matter are placed: mostly GPS error and the reporter standing
// across the street, sometimes the address geocoded to another building down the road.
const GEOCODE_OFFSET = { nearShare: 0.85, nearMeanMetres: 20, farMinMetres: 40, farMaxMetres: 300 } as const;
// How long after the first report the repeat comes: exponential, mean one day, at most two weeks.
const REPEAT_GAP_HOURS = { meanHours: 24, maxHours: 336 } as const;
const DISTINCT_NEIGHBOUR_METRES = { min: 15, max: 150 } as const;
const REAL_DISTINCT_BOUNDS = { metres: 1000, hours: 24 * 30 } as const;
const REPEAT_OMITS_NUMBER_SHARE = 0.2;
const DISTINCT_SAME_ROAD_SHARE = 0.5;

const ROADS = ['建国路', '朝阳北路', '东三环中路', '光华路', '团结湖路', '农展馆南路', '工体北路', '三里屯路', '呼家楼南街', '金台路', '红庙路', '八里庄路'];
const TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  street_light: ['{place}的路灯不亮了', '{place}路灯坏了好几天，晚上很黑', '晚上{place}一带黑漆漆的，路灯一直不亮，走路很不安全', '反映{place}路灯不亮，请尽快维修', '{place}有一盏路灯坏了，一闪一闪的'],
  noise: ['{place}晚上施工噪音太大', '{place}半夜还在施工，吵得睡不着', '反映{place}噪声扰民，已经好几天了', '{place}广场舞音响声音太大，扰民', '{place}夜里装修声很吵，影响休息'],
  road_damage: ['{place}路面有个大坑', '{place}人行道砖松动破损，容易绊倒', '反映{place}道路破损，车辆经过很颠', '{place}路面坑洼积水，请修一下', '{place}路面塌了一块，很危险'],
  parking: ['{place}有车长期乱停，堵住了通道', '{place}门口车辆违停，出不去', '反映{place}有一辆僵尸车停了几个月', '{place}占道停车严重，请来处理', '{place}车位被地锁占了'],
  greening: ['{place}有棵大树的树枝快断了', '{place}行道树倒伏，挡住了人行道', '反映{place}树木需要修剪，遮挡路灯', '{place}绿地被人毁了，种上了菜', '{place}枯树没人管，担心倒下来'],
  water_supply: ['{place}停水了，一直没来水', '{place}水管爆裂，路上都是水', '反映{place}自来水发黄，不敢喝', '{place}地下冒水，好像是水管漏了', '{place}水压很低，楼上没水'],
  traffic: ['{place}红绿灯坏了，车很乱', '{place}信号灯一直黄灯闪', '反映{place}交通标志被撞倒了', '{place}路口信号灯时间太短', '{place}的公交站牌倒了'],
  sanitation: ['{place}垃圾很多，好几天没人清运', '{place}胡同里堆满了垃圾，很臭', '反映{place}有人乱倒建筑垃圾', '{place}下水道堵了，污水漫出来', '{place}墙上都是小广告，脏乱差'],
  illegal_construction: ['{place}有人私搭乱建', '{place}楼顶加盖了彩钢房', '反映{place}违章建筑一直没拆', '{place}有人开墙打洞做生意', '{place}院子里违建越搭越大'],
  environment_pollution: ['{place}有股很大的异味', '{place}饭店油烟直排，熏得没法开窗', '反映{place}有人焚烧垃圾，烟很大', '{place}工地扬尘严重', '{place}河道发黑发臭'],
  other: ['{place}的问题希望有人来处理', '反映{place}的情况，请相关部门看一下', '{place}这个问题已经很久了', '{place}需要有人来管一管', '关于{place}的诉求，请尽快回复'],
};
const EXTRAS = ['', '', '，谢谢', '，请尽快处理', '，已经反映过一次了', '，附近居民都很有意见', '。'];

interface Place {
  road: string;
  houseNumber: number;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];

function wordingFor(random: () => number, category: string, place: Place, options: { withNumber: boolean }): string {
  const where = options.withNumber ? `${place.road}${place.houseNumber}号` : `${place.road}上`;
  return pick(random, TEMPLATES[category] ?? TEMPLATES['other']).replace('{place}', where) + pick(random, EXTRAS);
}

const METRES_PER_DEGREE = 111_195;
function moved(position: Position, metres: number, bearing: number): Position {
  return {
    lat: position.lat + (metres * Math.cos(bearing)) / METRES_PER_DEGREE,
    lon: position.lon + (metres * Math.sin(bearing)) / (METRES_PER_DEGREE * Math.cos((position.lat * Math.PI) / 180)),
  };
}

const exponential = (random: () => number, mean: number): number => -mean * Math.log(1 - random());

function repeatOffsetMetres(random: () => number): number {
  const { nearShare, nearMeanMetres, farMinMetres, farMaxMetres } = GEOCODE_OFFSET;
  return random() < nearShare ? exponential(random, nearMeanMetres) : farMinMetres + random() * (farMaxMetres - farMinMetres);
}

const repeatGapHours = (random: () => number): number => Math.min(REPEAT_GAP_HOURS.maxHours, exponential(random, REPEAT_GAP_HOURS.meanHours));

function placeOf(random: () => number): Place {
  return { road: pick(random, ROADS), houseNumber: 1 + Math.floor(random() * 300) };
}

const asRequest = (request: Request311, text: string, position: Position | null, receivedAt: Date): NewRequest => ({
  category: request.category,
  districtCode: request.area,
  position,
  text,
  receivedAt,
});

/** The earlier report a positive repeats, built from a real request (see the header). */
function repeatPair(random: () => number, request: Request311, kind: 'marked_duplicate' | 'derived_repeat'): LabelledPair {
  const place = placeOf(random);
  const parentPosition = request.position && moved(request.position, repeatOffsetMetres(random), random() * 2 * Math.PI);
  const parentAt = new Date(request.createdAt.getTime() - repeatGapHours(random) * 3_600_000);
  const parentText = wordingFor(random, request.category, place, { withNumber: true });
  const text = wordingFor(random, request.category, place, { withNumber: random() >= REPEAT_OMITS_NUMBER_SHARE });
  return {
    kind,
    isDuplicate: true,
    request: asRequest(request, text, request.position, request.createdAt),
    open: { caseId: `${request.requestId}:parent`, ...asRequest(request, parentText, parentPosition, parentAt) },
  };
}

function otherPlace(random: () => number, place: Place): Place {
  const road = random() < DISTINCT_SAME_ROAD_SHARE ? place.road : pick(random, ROADS.filter((r) => r !== place.road));
  const houseNumber = 1 + ((place.houseNumber + 1 + Math.floor(random() * 20)) % 300);
  return { road, houseNumber };
}

/** Builds the labelled pairs from the requests, deterministically for a seed. */
export function buildPairs(requests: readonly Request311[], options: { seed: number; derivedShare: number; nearDistinctShare: number }): LabelledPair[] {
  const random = seededRandom(options.seed);
  const pairs: LabelledPair[] = [];
  for (const request of requests) if (request.isMarkedDuplicate) pairs.push(repeatPair(random, request, 'marked_duplicate'));
  const unmarked = requests.filter((request) => !request.isMarkedDuplicate);
  for (const request of unmarked) if (random() < options.derivedShare) pairs.push(repeatPair(random, request, 'derived_repeat'));
  // (a) Real distinct pairs: the nearest earlier same-category request of the same city within bounds.
  const byCityCategory = new Map<string, Request311[]>();
  for (const request of requests) {
    if (!request.position) continue;
    const key = `${request.city}|${request.category311}`;
    byCityCategory.set(key, [...(byCityCategory.get(key) ?? []), request]);
  }
  for (const group of byCityCategory.values()) {
    group.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    for (const [index, request] of group.entries()) {
      if (request.isMarkedDuplicate) continue;
      let nearest: { other: Request311; metres: number } | null = null;
      for (let j = index - 1; j >= 0; j -= 1) {
        const other = group[j];
        if ((request.createdAt.getTime() - other.createdAt.getTime()) / 3_600_000 > REAL_DISTINCT_BOUNDS.hours) break;
        const metres = haversine(request.position!, other.position!);
        if (metres <= REAL_DISTINCT_BOUNDS.metres && (!nearest || metres < nearest.metres)) nearest = { other, metres };
      }
      if (!nearest) continue;
      const [place, otherPlaceOf] = [placeOf(random), placeOf(random)];
      pairs.push({
        kind: 'real_distinct',
        isDuplicate: false,
        request: asRequest(request, wordingFor(random, request.category, place, { withNumber: true }), request.position, request.createdAt),
        open: {
          caseId: nearest.other.requestId,
          ...asRequest(nearest.other, wordingFor(random, nearest.other.category, otherPlaceOf, { withNumber: true }), nearest.other.position, nearest.other.createdAt),
        },
      });
    }
  }
  // (b) Near distinct reports: the next lamp or house, a short walk away.
  for (const request of unmarked) {
    if (random() >= options.nearDistinctShare) continue;
    const place = placeOf(random);
    const { min, max } = DISTINCT_NEIGHBOUR_METRES;
    const position = request.position && moved(request.position, min + random() * (max - min), random() * 2 * Math.PI);
    const at = new Date(request.createdAt.getTime() - repeatGapHours(random) * 3_600_000);
    pairs.push({
      kind: 'near_distinct',
      isDuplicate: false,
      request: asRequest(request, wordingFor(random, request.category, place, { withNumber: true }), request.position, request.createdAt),
      open: { caseId: `${request.requestId}:neighbour`, ...asRequest(request, wordingFor(random, request.category, otherPlace(random, place), { withNumber: true }), position, at) },
    });
  }
  return pairs;
}

function haversine(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface PairScore {
  pair: LabelledPair;
  /** Null: not a candidate at all (another district, outside the radius or window). */
  score: number | null;
  textSimilarity: number | null;
}

export function scorePairs(pairs: readonly LabelledPair[], settingsFor: (category: string) => DuplicateSettings): PairScore[] {
  return pairs.map((pair) => {
    const scored = duplicateScore(pair.request, pair.open, settingsFor(pair.request.category));
    return { pair, score: scored?.score ?? null, textSimilarity: scored?.textSimilarity ?? null };
  });
}

export interface Confusion {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1 of "score ≥ threshold means duplicate". */
export function confusionAt(scored: readonly PairScore[], threshold: number): Confusion {
  let [truePositives, falsePositives, falseNegatives] = [0, 0, 0];
  for (const { pair, score } of scored) {
    const isPredicted = score !== null && score >= threshold;
    if (isPredicted && pair.isDuplicate) truePositives += 1;
    else if (isPredicted) falsePositives += 1;
    else if (pair.isDuplicate) falseNegatives += 1;
  }
  const precision = truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives);
  const recall = truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { threshold, truePositives, falsePositives, falseNegatives, precision, recall, f1 };
}

export function settingsLookup(defaults: DuplicateSettings): (category: string) => DuplicateSettings {
  const rows = new Map(DEFAULT_DUPLICATE_SETTINGS.map(([category, radiusMetres, windowHours]) => [category, { radiusMetres, windowHours }]));
  return (category) => rows.get(category) ?? defaults;
}

/** Per kind of pair: how many, how many are candidates at all (inside district, radius and window), their mean text similarity, and how many reach each band. */
export interface KindBreakdown {
  kind: LabelledPair['kind'];
  pairs: number;
  candidates: number;
  meanTextSimilarity: number;
  flagOrMerge: number;
  merge: number;
}

export interface DuplicateEvaluation {
  pairCounts: Record<LabelledPair['kind'], number>;
  byKind: KindBreakdown[];
  thresholds: DuplicateThresholds;
  merge: Confusion;
  mergeOrFlag: Confusion;
  sweep: Confusion[];
}

export function evaluateDuplicates(
  requests: readonly Request311[],
  options: { seed: number; thresholds: DuplicateThresholds; defaults: DuplicateSettings; derivedShare?: number; nearDistinctShare?: number },
): DuplicateEvaluation {
  const pairs = buildPairs(requests, { seed: options.seed, derivedShare: options.derivedShare ?? 0.03, nearDistinctShare: options.nearDistinctShare ?? 0.03 });
  const scored = scorePairs(pairs, settingsLookup(options.defaults));
  const pairCounts = { marked_duplicate: 0, derived_repeat: 0, real_distinct: 0, near_distinct: 0 };
  for (const pair of pairs) pairCounts[pair.kind] += 1;
  const sweep = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95].map((threshold) => confusionAt(scored, threshold));
  const byKind = (Object.keys(pairCounts) as Array<LabelledPair['kind']>).map((kind): KindBreakdown => {
    const ofKind = scored.filter((s) => s.pair.kind === kind);
    const candidates = ofKind.filter((s) => s.score !== null);
    return {
      kind,
      pairs: ofKind.length,
      candidates: candidates.length,
      meanTextSimilarity: candidates.length === 0 ? 0 : candidates.reduce((sum, s) => sum + s.textSimilarity!, 0) / candidates.length,
      flagOrMerge: candidates.filter((s) => s.score! >= options.thresholds.flag).length,
      merge: candidates.filter((s) => s.score! >= options.thresholds.merge).length,
    };
  });
  return { pairCounts, byKind, thresholds: options.thresholds, merge: confusionAt(scored, options.thresholds.merge), mergeOrFlag: confusionAt(scored, options.thresholds.flag), sweep };
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(6);
const row = (label: string, c: Confusion) =>
  `${label.padEnd(22)} ${c.threshold.toFixed(2)}  ${percent(c.precision)}  ${percent(c.recall)}  ${percent(c.f1)}  ${String(c.truePositives).padStart(4)} ${String(c.falsePositives).padStart(4)} ${String(c.falseNegatives).padStart(4)}`;

export function formatEvaluation(result: DuplicateEvaluation, settings: { path: string; seed: number; defaults: DuplicateSettings }): string {
  const counts = result.pairCounts;
  const positives = counts.marked_duplicate + counts.derived_repeat;
  const negatives = counts.real_distinct + counts.near_distinct;
  return [
    `并案 evaluation over ${settings.path} (seed ${settings.seed})`,
    `pairs: ${positives} duplicates (${counts.marked_duplicate} marked "(Duplicate)", ${counts.derived_repeat} derived re-reports), ${negatives} distinct (${counts.real_distinct} real nearest neighbours, ${counts.near_distinct} near neighbours)`,
    `settings: weights text 0.6 / place 0.25 / time 0.15; per-category radius and window from classification.duplicate_settings; others ${settings.defaults.radiusMetres} m / ${settings.defaults.windowHours} h`,
    '',
    'band                   thr.   prec.  recall      F1    tp   fp   fn',
    row('merge (≥ MERGE)', result.merge),
    row('merge or flag (≥ FLAG)', result.mergeOrFlag),
    '',
    'kind               pairs  candidates  mean text sim.  ≥ FLAG  ≥ MERGE',
    ...result.byKind.map((k) => `${k.kind.padEnd(17)} ${String(k.pairs).padStart(6)}  ${String(k.candidates).padStart(10)}  ${k.meanTextSimilarity.toFixed(2).padStart(14)}  ${String(k.flagOrMerge).padStart(6)}  ${String(k.merge).padStart(7)}`),
    '',
    'sweep',
    ...result.sweep.map((c) => row('', c)),
  ].join('\n');
}

function main(): void {
  const path = process.argv[2] ?? DEFAULT_PATH;
  const seed = Number(process.argv[3] ?? 311);
  if (!existsSync(path)) {
    console.log(`skipped: ${path} is absent (it lives in shared/data/requests-311 beside the repository)`);
    return;
  }
  const config = loadClassificationConfig();
  const defaults = { radiusMetres: config.MERGE_RADIUS_METRES, windowHours: config.MERGE_WINDOW_HOURS || 72 };
  const thresholds = { merge: config.MERGE_THRESHOLD, flag: config.MERGE_FLAG_THRESHOLD };
  const result = evaluateDuplicates(parseRequests(readFileSync(path, 'utf8')), { seed, thresholds, defaults });
  console.log(formatEvaluation(result, { path, seed, defaults }));
}

if (require.main === module) main();
