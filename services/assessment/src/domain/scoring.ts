import type { AgencyKind } from './agency-kind';

/** One handling round of a case by one unit: what assessment knows of it from the case's events. */
export interface HandlingFact {
  caseId: string;
  round: number;
  agencyId: string;
  dispatchedAt: string;
  deadline: string;
  signedAt: string | null;
  /** Supervision recorded a breach of the round's sign or first-contact clock (case.supervised, step 1). */
  isSignBreached: boolean;
  returnedAt: string | null;
  /** The return was upheld and the case redispatched to another unit: the round is not this unit's to answer for. */
  isReturnUpheld: boolean;
  feedbackAt: string | null;
  reworkCount: number;
  isFollowUpReached: boolean;
  isResolved: boolean | null;
  satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | null;
  /** How the round's follow-up ended: the case closed, or it was reopened (重办). */
  concludedAs: 'closed' | 'reopened' | null;
  /** An upheld appeal (申诉): the round stays visible but counts in none of the unit's figures. */
  isExcluded: boolean;
  /** 并案 after dispatch: a dispatcher merged the case into another and withdrew the order; counts nowhere. */
  isWithdrawn: boolean;
}

/** A unit summoned by a whistle (吹哨) and whether it checked in (报到) on time. */
export interface CheckInFact {
  caseId: string;
  whistleId: string;
  agencyId: string;
  arriveBy: string;
  checkedInAt: string | null;
  isLate: boolean;
  isMissed: boolean;
}

export const METRICS = ['response', 'resolution', 'satisfaction', 'on_time', 'return', 'rework', 'reopen', 'check_in'] as const;
export type Metric = (typeof METRICS)[number];

export interface ScoringSettings {
  weights: { response: number; resolution: number; satisfaction: number };
  basicallySatisfiedWeight: number;
  responseWithinHours: number;
}

/** Whether one fact counts in a metric: in the denominator, and with which weight in the numerator. */
export interface Count {
  inDenominator: boolean;
  numerator: number;
}

export interface Figure {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, null when nothing was due. */
  rate: number | null;
}

export interface AgencyRef {
  agencyId: string;
  name: string;
  kind: AgencyKind;
}

export interface AgencyScore extends AgencyRef {
  score: number | null;
  rank: number | null;
  rankedAmong: number;
  figures: Record<Metric, Figure>;
  excludedCases: number;
}

const NOT_COUNTED: Count = { inDenominator: false, numerator: 0 };
const HOUR_MS = 3_600_000;

const ms = (iso: string): number => new Date(iso).getTime();

/**
 * How one handling round counts in a metric, as of `now` (working definitions of DOMAIN §3.9, see the README):
 * - response (响应率): due once signed or once the response window after dispatch has passed; responded when
 *   signed within the window and supervision recorded no breach of its sign or first-contact clock;
 * - resolution (解决率) and satisfaction (满意率): over the rounds whose follow-up reached the citizen;
 * - on_time: over the rounds with feedback or past their deadline; the last feedback counts;
 * - return (退单): over every round dispatched to the unit; rework (返工): over the rounds it answered or reworked;
 * - reopen (重办): over the rounds whose follow-up concluded.
 * A round excluded by an upheld appeal, or withdrawn by a merge (并案), counts nowhere; a round returned and
 * redispatched elsewhere counts only in the return rate.
 */
export function countHandling(fact: HandlingFact, metric: Exclude<Metric, 'check_in'>, settings: ScoringSettings, now: Date): Count {
  if (fact.isExcluded || fact.isWithdrawn) return NOT_COUNTED;
  if (fact.isReturnUpheld && metric !== 'return') return NOT_COUNTED;
  const count = (inDenominator: boolean, numerator: boolean | number): Count =>
    inDenominator ? { inDenominator, numerator: typeof numerator === 'number' ? numerator : numerator ? 1 : 0 } : NOT_COUNTED;
  switch (metric) {
    case 'response': {
      const windowEnd = ms(fact.dispatchedAt) + settings.responseWithinHours * HOUR_MS;
      const isSignedInTime = fact.signedAt !== null && ms(fact.signedAt) <= windowEnd && !fact.isSignBreached;
      return count(fact.signedAt !== null || now.getTime() > windowEnd, isSignedInTime);
    }
    case 'resolution':
      return count(fact.isFollowUpReached, fact.isResolved === true);
    case 'satisfaction': {
      const weight = fact.satisfaction === 'satisfied' ? 1 : fact.satisfaction === 'basically_satisfied' ? settings.basicallySatisfiedWeight : 0;
      return count(fact.isFollowUpReached, weight);
    }
    case 'on_time':
      return count(
        fact.feedbackAt !== null || now.getTime() > ms(fact.deadline),
        fact.feedbackAt !== null && ms(fact.feedbackAt) <= ms(fact.deadline),
      );
    case 'return':
      return count(true, fact.returnedAt !== null);
    case 'rework':
      return count(fact.feedbackAt !== null || fact.reworkCount > 0, fact.reworkCount > 0);
    case 'reopen':
      return count(fact.concludedAs !== null, fact.concludedAs === 'reopened');
  }
}

/** 报到: due once checked in, recorded as missed, or past the arrival time; on time when checked in and not late. */
export function countCheckIn(fact: CheckInFact, now: Date): Count {
  const isDue = fact.checkedInAt !== null || fact.isMissed || now.getTime() > ms(fact.arriveBy);
  return isDue ? { inDenominator: true, numerator: fact.checkedInAt !== null && !fact.isLate ? 1 : 0 } : NOT_COUNTED;
}

export function figureOf(counts: readonly Count[]): Figure {
  const denominator = counts.filter((c) => c.inDenominator).length;
  const numerator = round(counts.reduce((sum, c) => sum + (c.inDenominator ? c.numerator : 0), 0), 4);
  return { numerator, denominator, rate: denominator === 0 ? null : round(numerator / denominator, 4) };
}

/**
 * The composite score (0–100): the weighted mean of the three rates. A rate with nothing due is left out and
 * the other weights carry the score; with none due there is no score.
 */
export function compositeScore(figures: Pick<Record<Metric, Figure>, 'response' | 'resolution' | 'satisfaction'>, weights: ScoringSettings['weights']): number | null {
  const parts = (['response', 'resolution', 'satisfaction'] as const)
    // The exact ratio, not the rounded rate, so that rounding happens once, on the score.
    .map((metric) => ({ rate: figures[metric].denominator === 0 ? null : figures[metric].numerator / figures[metric].denominator, weight: weights[metric] }))
    .filter((part): part is { rate: number; weight: number } => part.rate !== null && part.weight > 0);
  const totalWeight = parts.reduce((sum, part) => sum + part.weight, 0);
  if (totalWeight === 0) return null;
  return round((100 * parts.reduce((sum, part) => sum + part.rate * part.weight, 0)) / totalWeight, 2);
}

/** Scores every unit with a fact in the month and ranks it among the units of its kind (1 = best; ties share a rank). */
export function scoreMonth(input: {
  agencies: readonly AgencyRef[];
  handlings: readonly HandlingFact[];
  checkIns: readonly CheckInFact[];
  settings: ScoringSettings;
  now: Date;
}): AgencyScore[] {
  const { settings, now } = input;
  const handlingsOf = groupByAgency(input.handlings);
  const checkInsOf = groupByAgency(input.checkIns);
  const scores = input.agencies.map((agency): AgencyScore => {
    const handlings = handlingsOf.get(agency.agencyId) ?? [];
    const checkIns = checkInsOf.get(agency.agencyId) ?? [];
    const handlingFigure = (metric: Exclude<Metric, 'check_in'>): Figure => figureOf(handlings.map((fact) => countHandling(fact, metric, settings, now)));
    const figures: Record<Metric, Figure> = {
      response: handlingFigure('response'),
      resolution: handlingFigure('resolution'),
      satisfaction: handlingFigure('satisfaction'),
      on_time: handlingFigure('on_time'),
      return: handlingFigure('return'),
      rework: handlingFigure('rework'),
      reopen: handlingFigure('reopen'),
      check_in: figureOf(checkIns.map((fact) => countCheckIn(fact, now))),
    };
    return {
      ...agency,
      score: compositeScore(figures, settings.weights),
      rank: null,
      rankedAmong: 0,
      figures,
      excludedCases: handlings.filter((fact) => fact.isExcluded).length,
    };
  });
  return rankWithinKinds(scores);
}

function groupByAgency<T extends { agencyId: string }>(facts: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const fact of facts) {
    const group = groups.get(fact.agencyId);
    if (group) group.push(fact);
    else groups.set(fact.agencyId, [fact]);
  }
  return groups;
}

function rankWithinKinds(scores: AgencyScore[]): AgencyScore[] {
  const ranked: AgencyScore[] = [];
  const kinds = [...new Set(scores.map((score) => score.kind))].sort();
  for (const kind of kinds) {
    const ofKind = scores
      .filter((score) => score.kind === kind)
      .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.agencyId.localeCompare(b.agencyId));
    const scored = ofKind.filter((score) => score.score !== null);
    for (const score of ofKind) {
      // Competition ranking: equal scores share a rank, the next one skips (1, 1, 3).
      const rank = score.score === null ? null : scored.findIndex((other) => other.score === score.score) + 1;
      ranked.push({ ...score, rank, rankedAmong: scored.length });
    }
  }
  return ranked;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
