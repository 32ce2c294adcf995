// 并案: a repeat request with nothing new joins the open order it repeats; a likely one is flagged for the dispatcher.

/** A text as 并案 compares it: the bigrams of its letters and digits and the numbers it names, made once. */
export interface ComparableText {
  bigrams: ReadonlyMap<string, number>;
  bigramCount: number;
  numbers: string;
}

/** Character bigrams of a text's letters and digits (punctuation and spacing do not make a text new). */
function bigrams(text: string): Map<string, number> {
  const chars = [...text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')];
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i += 1) {
    const gram = chars[i] + chars[i + 1];
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

export function comparableText(text: string): ComparableText {
  const grams = bigrams(text);
  let bigramCount = 0;
  for (const n of grams.values()) bigramCount += n;
  return { bigrams: grams, bigramCount, numbers: numbersOf(text) };
}

/** Dice coefficient of two prepared texts' character bigrams. */
function similarityOf(x: ComparableText, y: ComparableText): number {
  const total = x.bigramCount + y.bigramCount;
  if (total === 0) return 0;
  let shared = 0;
  for (const [gram, n] of x.bigrams) shared += Math.min(n, y.bigrams.get(gram) ?? 0);
  return (2 * shared) / total;
}

/** Dice coefficient of the two texts' character bigrams: 1 for the same wording, 0 for nothing shared. */
export function textSimilarity(a: string, b: string): number {
  return similarityOf(comparableText(a), comparableText(b));
}

/** The numbers in a text (house numbers, plates, dates): two texts alike but for a number are two matters. */
const numbersOf = (text: string): string => [...new Set(text.normalize('NFKC').match(/\d+/g) ?? [])].sort().join(',');

export interface Position {
  lat: number;
  lon: number;
}

const EARTH_RADIUS_METRES = 6_371_008.8;
const radians = (degrees: number): number => (degrees * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: Position, b: Position): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A lat/lon box holding every point within `radiusMetres` of the centre: the index prefilter before the exact distance. */
export function boundingBox(centre: Position, radiusMetres: number): { minLat: number; maxLat: number; minLon: number; maxLon: number } {
  const dLat = (radiusMetres / EARTH_RADIUS_METRES) * (180 / Math.PI);
  // Widened by the cosine of the box's edge nearest a pole; a box reaching a pole takes every longitude.
  const edgeLat = Math.min(90, Math.abs(centre.lat) + dLat);
  const cos = Math.cos(radians(edgeLat));
  const dLon = cos < 1e-9 ? 180 : Math.min(180, dLat / cos);
  return { minLat: centre.lat - dLat, maxLat: centre.lat + dLat, minLon: centre.lon - dLon, maxLon: centre.lon + dLon };
}

export interface OpenCase {
  caseId: string;
  category: string;
  districtCode: string | null;
  position: Position | null;
  text: string;
  receivedAt: Date;
}

export type NewRequest = Omit<OpenCase, 'caseId'>;

/** Per category (classification.duplicate_settings, else the config defaults). */
export interface DuplicateSettings {
  radiusMetres: number;
  windowHours: number;
}

/** Scores at or above `merge` merge automatically; at or above `flag` (and below `merge`) are flagged for the dispatcher. */
export interface DuplicateThresholds {
  merge: number;
  flag: number;
}

/**
 * How the score weighs its three signals. Text dominates: two reports at the same spot and hour
 * about the same category may still be two matters (two lamps on one pole), and the text is the only
 * signal that tells.
 */
export const SCORE_WEIGHTS = { text: 0.6, place: 0.25, time: 0.15 } as const;
/** A request naming other numbers (house, plate) than the open case keeps this share of its text similarity. */
export const OTHER_NUMBERS_FACTOR = 0.5;

export interface DuplicateScore {
  score: number;
  textSimilarity: number;
  /** Null when either case has no position (compared by district instead). */
  distanceMetres: number | null;
  hoursApart: number;
}

/**
 * The duplicate score of a new request against one open case, or null when the open case is not a
 * candidate at all: another category, received after the request or before the window, farther than
 * the radius (both with positions), or in another or an unknown district (either without a position).
 *
 *   text  = Dice similarity of character bigrams, × OTHER_NUMBERS_FACTOR when the numbers differ
 *   place = 1 − distance / radius
 *   time  = 1 − hours apart / window
 *   score = 0.6·text + 0.25·place + 0.15·time                     (both positions known)
 *   score = (0.6·text + 0.15·time) / 0.75                         (compared by district)
 */
export function duplicateScore(
  request: NewRequest,
  open: OpenCase,
  settings: DuplicateSettings,
  requestText: ComparableText = comparableText(request.text),
): DuplicateScore | null {
  if (open.category !== request.category || settings.windowHours <= 0) return null;
  const hoursApart = (request.receivedAt.getTime() - open.receivedAt.getTime()) / 3_600_000;
  if (hoursApart < 0 || hoursApart > settings.windowHours) return null;
  const isComparedByPlace = request.position !== null && open.position !== null;
  const distance = isComparedByPlace ? distanceMetres(request.position!, open.position!) : null;
  if (distance !== null && distance > settings.radiusMetres) return null;
  if (distance === null && (request.districtCode === null || open.districtCode !== request.districtCode)) return null;
  const openText = comparableText(open.text);
  const similarity = similarityOf(requestText, openText);
  const text = requestText.numbers === openText.numbers ? similarity : similarity * OTHER_NUMBERS_FACTOR;
  const time = 1 - hoursApart / settings.windowHours;
  const { text: wText, place: wPlace, time: wTime } = SCORE_WEIGHTS;
  const score =
    distance === null
      ? (wText * text + wTime * time) / (wText + wTime)
      : wText * text + wPlace * (settings.radiusMetres > 0 ? 1 - distance / settings.radiusMetres : 1) + wTime * time;
  return { score, textSimilarity: similarity, distanceMetres: distance, hoursApart };
}

export interface DuplicateMatch extends DuplicateScore {
  caseId: string;
  /** merge: 并案 now; flag: classified and dispatched, and shown to the dispatcher as a possible duplicate. */
  band: 'merge' | 'flag';
}

/** The open case a new request most likely repeats (highest score, then the oldest), with its band; null below the flag threshold. */
export function findDuplicate(
  request: NewRequest,
  openCases: readonly OpenCase[],
  settings: DuplicateSettings,
  thresholds: DuplicateThresholds,
): DuplicateMatch | null {
  let best: (DuplicateScore & { caseId: string; receivedAt: number }) | null = null;
  const requestText = comparableText(request.text);
  for (const open of openCases) {
    const scored = duplicateScore(request, open, settings, requestText);
    if (!scored || scored.score < thresholds.flag) continue;
    const isBetter = !best || scored.score > best.score || (scored.score === best.score && open.receivedAt.getTime() < best.receivedAt);
    if (isBetter) best = { ...scored, caseId: open.caseId, receivedAt: open.receivedAt.getTime() };
  }
  if (!best) return null;
  const { receivedAt: _receivedAt, ...match } = best;
  return { ...match, band: best.score >= thresholds.merge ? 'merge' : 'flag' };
}
