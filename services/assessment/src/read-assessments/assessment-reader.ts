import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AGENCY_KINDS, kindOfAgency, type AgencyKind } from '../domain/agency-kind';
import { countCheckIn, countHandling, scoreMonth, type AgencyScore, type Metric, type ScoringSettings } from '../domain/scoring';
import { FactsRepository } from '../infrastructure/database/facts.repository';
import { MonthClosingRepository, type Adjustment, type MonthSnapshot } from '../infrastructure/database/month-closing.repository';
import { ASSESSMENT_SETTINGS, type AssessmentSettings } from './assessment-settings';

export interface MonthAssessment {
  month: string;
  isClosed: boolean;
  closedAt: string | null;
  closedBy: string | null;
  settings: ScoringSettings;
  agencies: AgencyScore[];
  adjustments: Adjustment[];
}

export interface DrillDownItem {
  caseId: string;
  round: number | null;
  whistleId: string | null;
  inDenominator: boolean;
  numerator: number;
  isExcluded: boolean;
}

/** A month's figures: live from the facts while open, from the close's snapshot once closed. */
@Injectable()
export class AssessmentReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ASSESSMENT_SETTINGS) private readonly settings: AssessmentSettings,
  ) {}

  /** The facts of a month as they are now, with the agencies that have any. */
  async liveSnapshot(month: string, manager: EntityManager = this.dataSource.manager): Promise<MonthSnapshot> {
    const facts = new FactsRepository(manager);
    const handlings = await facts.handlingsOf(month);
    const checkIns = await facts.checkInsOf(month);
    const ids = [...new Set([...handlings.map((fact) => fact.agencyId), ...checkIns.map((fact) => fact.agencyId)])].sort();
    const known = new Map((await facts.agencies(ids)).map((agency) => [agency.agencyId, agency]));
    const agencies = ids.map((agencyId) => ({
      agencyId,
      name: known.get(agencyId)?.name ?? agencyId,
      kind: asKind(known.get(agencyId)?.kind) ?? kindOfAgency(agencyId),
    }));
    return { settings: this.settings.scoring, agencies, handlings, checkIns };
  }

  /** The snapshot the month's figures come from, and the instant they are computed at. */
  async sourceOf(month: string): Promise<{ snapshot: MonthSnapshot; asOf: Date; closing: { closedAt: Date; closedBy: string } | null }> {
    const manager = this.dataSource.manager;
    const closing = await new MonthClosingRepository(manager).find(month);
    if (closing) {
      const facts = new FactsRepository(manager);
      const snapshot = { ...closing.snapshot, handlings: await facts.handlingsOf(month, 'closed'), checkIns: await facts.checkInsOf(month, 'closed') };
      return { snapshot, asOf: closing.closedAt, closing };
    }
    return { snapshot: await this.liveSnapshot(month), asOf: new Date(), closing: null };
  }

  async assessment(month: string): Promise<MonthAssessment> {
    const { snapshot, asOf, closing } = await this.sourceOf(month);
    const agencies = scoreMonth({ ...snapshot, settings: snapshot.settings, now: asOf });
    return {
      month,
      isClosed: closing !== null,
      closedAt: closing?.closedAt.toISOString() ?? null,
      closedBy: closing?.closedBy ?? null,
      settings: snapshot.settings,
      agencies,
      adjustments: closing ? await new MonthClosingRepository(this.dataSource.manager).adjustmentsOf(month) : [],
    };
  }

  /** The cases behind one of a unit's numbers; rounds excluded by an appeal are listed too, flagged. */
  async drillDown(month: string, agencyId: string, metric: Metric): Promise<DrillDownItem[] | undefined> {
    const { snapshot, asOf } = await this.sourceOf(month);
    if (!snapshot.agencies.some((agency) => agency.agencyId === agencyId)) return undefined;
    if (metric === 'check_in') {
      return snapshot.checkIns
        .filter((fact) => fact.agencyId === agencyId)
        .map((fact) => ({ caseId: fact.caseId, round: null, whistleId: fact.whistleId, ...countCheckIn(fact, asOf), isExcluded: false }))
        .filter((item) => item.inDenominator);
    }
    return snapshot.handlings
      .filter((fact) => fact.agencyId === agencyId)
      .map((fact) => ({ caseId: fact.caseId, round: fact.round, whistleId: null, ...countHandling(fact, metric, snapshot.settings, asOf), isExcluded: fact.isExcluded }))
      .filter((item) => item.inDenominator || item.isExcluded);
  }
}

function asKind(value: string | undefined): AgencyKind | undefined {
  return AGENCY_KINDS.find((kind) => kind === value);
}
