import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { transition, type CaseStatusOrInitial } from '@hotline/case-lifecycle';
import { newCaseEvent, type CaseEvent, type CaseEventOf, type PayloadOf } from '@hotline/contracts';
import { PermanentMessageError, appendToOutbox, processOnce } from '@hotline/messaging';
import { predict } from '@hotline/text-classifier';
import { ClassifierModelCache } from '../classifier-models/classifier-model.cache';
import { modelClassifierVersion } from '../classifier-models/classifier-model.store';
import { categorize } from '../domain/categorize';
import { classifierVersionFor, scoreKeywords } from '../domain/keyword-scorer';
import { findDuplicate, type DuplicateMatch, type NewRequest } from '../domain/triage/repeat-request';
import { emergencyFor, otherChannelFor } from '../domain/triage/triage-rules';
import { OpenCasesRepository, positionOf } from '../infrastructure/database/open-cases.repository';
import { PlaceResolver, placeInputOf } from '../geography/place-resolver';
import { KnowledgeBase } from '../knowledge/knowledge-base';
import { CLASSIFICATION_CONSUMER } from './classification-consumer';
import { withClassifiedCases, type NewClassification } from './classified-cases';
import { CLASSIFIER_POLICY, type ClassifierPolicy } from './classifier-policy';
import { DuplicateSettingsCache } from './duplicate-settings.cache';
import { KeywordRulesCache } from './keyword-rules.cache';
import { TRIAGE_POLICY, type TriagePolicy } from './triage-policy';

export type TriageOutcome = 'answered' | 'transferred' | 'merged' | 'declined';

export type ClassifyCaseResult =
  | { status: 'classified'; classification: PayloadOf<'case.classified'> }
  | { status: 'triaged'; outcome: TriageOutcome; event: CaseEvent }
  | { status: 'held_for_filing' }
  | { status: 'duplicate' };

type Received = PayloadOf<'case.received'>;

const textOf = (payload: Pick<Received, 'title' | 'description'>): string => [payload.title, payload.description].filter(Boolean).join('\n');

@Injectable()
export class ClassifyCaseHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keywordRules: KeywordRulesCache,
    private readonly knowledge: KnowledgeBase,
    @Inject(TRIAGE_POLICY) private readonly policy: TriagePolicy,
    private readonly places: PlaceResolver,
    private readonly models: ClassifierModelCache,
    private readonly duplicateSettings: DuplicateSettingsCache,
    @Inject(CLASSIFIER_POLICY) private readonly classifierPolicy: ClassifierPolicy,
  ) {}

  /**
   * 分类处理: a received case is triaged (transferred, declined, answered from the knowledge base,
   * merged into the open case it repeats) or classified for dispatch. A grid inspector's report
   * waits for the centre to file it (立案) first.
   */
  async execute(event: CaseEventOf<'case.received'>): Promise<ClassifyCaseResult> {
    const outcome = await processOnce(this.dataSource, CLASSIFICATION_CONSUMER.consumerName, event, async (manager) => {
      const status = await this.statusOf(manager, event);
      const received = transition(status, 'case.received');
      if (!received.ok) throw new PermanentMessageError(received.error.code, `case ${event.caseId}: ${received.error.message}`);
      if (event.payload.channel === 'grid') {
        await manager.query('INSERT INTO classification.grid_reports (case_id, received) VALUES ($1, $2)', [event.caseId, JSON.stringify(event)]);
        await withClassifiedCases(manager, event, (cases) => Promise.resolve(cases.decide(event.caseId, 'received')));
        return { status: 'held_for_filing' } as const;
      }
      return this.triageOrClassify(manager, event, event.payload, 'received');
    });
    return outcome.status === 'duplicate' ? outcome : outcome.value;
  }

  /** 立案: the centre filed a grid report; it is classified (and so dispatched) now. */
  async executeFiled(event: CaseEventOf<'case.filed'>): Promise<ClassifyCaseResult> {
    const outcome = await processOnce(this.dataSource, CLASSIFICATION_CONSUMER.consumerName, event, async (manager) => {
      const [report] = await manager.query<Array<{ received: CaseEventOf<'case.received'>; status: string }>>(
        'SELECT received, status FROM classification.grid_reports WHERE case_id = $1 FOR UPDATE',
        [event.caseId],
      );
      // Events of a case share a partition, so a filing never overtakes its report: a missing one is an error.
      if (!report || report.status !== 'pending') {
        throw new PermanentMessageError('CASE.ILLEGAL_TRANSITION', `case ${event.caseId}: case.filed without a grid report awaiting filing`);
      }
      await manager.query(`UPDATE classification.grid_reports SET status = 'filed', decided_at = now() WHERE case_id = $1`, [event.caseId]);
      return this.classify(manager, event, report.received.payload, 'filed');
    });
    return outcome.status === 'duplicate' ? outcome : outcome.value;
  }

  /** A grid report the centre did not file never reaches dispatch. */
  async executeFilingRejected(event: CaseEventOf<'case.filing_rejected'>): Promise<void> {
    await processOnce(this.dataSource, CLASSIFICATION_CONSUMER.consumerName, event, (manager) =>
      manager.query(`UPDATE classification.grid_reports SET status = 'not_filed', decided_at = now() WHERE case_id = $1 AND status = 'pending'`, [
        event.caseId,
      ]),
    );
  }

  /** Where classification last left the case (null: never seen), as the batch sees it. */
  private statusOf(manager: EntityManager, event: CaseEvent): Promise<CaseStatusOrInitial> {
    return withClassifiedCases(manager, event, (cases) => cases.statusOf(event.caseId));
  }

  private async triageOrClassify(manager: EntityManager, cause: CaseEvent, payload: Received, from: 'received'): Promise<ClassifyCaseResult> {
    const text = textOf(payload);
    const emergency = emergencyFor(text);
    if (emergency) return this.endTriage(manager, cause, from, { type: 'case.transferred', payload: emergency }, {});
    const channel = otherChannelFor(text);
    if (channel) {
      const declined = { reason: 'other_legal_channel' as const, explanation: `请向${channel.channel}反映：${channel.explanation}` };
      return this.endTriage(manager, cause, from, { type: 'case.declined', payload: declined }, {});
    }
    if (payload.type === 'consultation') {
      const { terms, items } = await this.knowledge.search(text, { limit: 1 }, manager);
      const best = items[0];
      const isAnswerable = best !== undefined && terms.length >= this.policy.answerMinTerms && best.coverage >= this.policy.answerMinCoverage;
      if (isAnswerable) {
        const answered = { answer: best.answer, knowledgeArticleId: best.entryId };
        return this.endTriage(manager, cause, from, { type: 'case.answered', payload: answered }, { entryId: best.entryId, score: best.coverage });
      }
    }
    return this.classify(manager, cause, payload, from);
  }

  private async classify(manager: EntityManager, cause: CaseEvent, payload: Received, from: 'received' | 'filed'): Promise<ClassifyCaseResult> {
    const catalogue = await this.keywordRules.current();
    const text = textOf(payload);
    const published = await this.models.current();
    const prediction = published ? predict(published.model, { title: payload.title ?? '', detail: payload.description }) : null;
    const score = categorize({
      keywords: scoreKeywords(text, catalogue.rules),
      rules: catalogue.rules,
      model: prediction?.category ? { category: prediction.category, urgency: prediction.urgency, type: prediction.type } : null,
      minConfidence: this.classifierPolicy.minConfidence,
    });
    const place = await this.places.locate(manager, placeInputOf(payload, cause));
    const request: NewRequest = {
      category: score.category,
      districtCode: place.districtCode,
      position: positionOf(payload.location),
      text,
      receivedAt: new Date(cause.occurredAt),
    };
    const repeated = from === 'received' ? await this.repeatedCase(manager, cause, request) : null;
    if (repeated?.band === 'merge') {
      const merged = { intoCaseId: repeated.caseId, reason: `重复诉求，无新情况（与原工单重复评分 ${repeated.score.toFixed(2)}）` };
      return this.endTriage(manager, cause, from, { type: 'case.merged', payload: merged }, { score: repeated.score });
    }
    const classification: PayloadOf<'case.classified'> = {
      category: score.category,
      categoryName: score.categoryName,
      urgency: score.urgency,
      ...place,
      confidence: score.confidence,
      matchedKeywords: [...score.matchedKeywords],
      classifierVersion: score.isModel && published ? modelClassifierVersion(published.version) : classifierVersionFor(catalogue.version),
      ...(repeated ? { possibleDuplicateOf: { caseId: repeated.caseId, score: Math.round(repeated.score * 1000) / 1000 } } : {}),
      ...(score.isModel ? { needsReview: score.needsReview } : {}),
      ...(score.predictedType ? { predictedType: score.predictedType } : {}),
    };
    const classified = transition(from, 'case.classified');
    if (!classified.ok) throw new PermanentMessageError(classified.error.code, classified.error.message);
    const record: NewClassification = {
      caseId: cause.caseId,
      category: classification.category,
      urgency: classification.urgency,
      districtCode: classification.districtCode,
      streetCode: classification.streetCode,
      districtSource: classification.districtSource,
      gridCode: classification.gridCode ?? null,
      communityCode: classification.communityCode ?? null,
      componentCode: classification.componentCode ?? null,
      componentOwnerId: classification.componentOwnerId ?? null,
      confidence: classification.confidence,
      matchedKeywords: classification.matchedKeywords,
      classifierVersion: classification.classifierVersion,
    };
    const openCase = { caseId: cause.caseId, ...request, category: classification.category, districtCode: classification.districtCode };
    await withClassifiedCases(manager, cause, (cases) => Promise.resolve(cases.add(record, openCase)));
    await appendToOutbox(manager, [newCaseEvent({ type: 'case.classified', caseId: cause.caseId, producer: 'classification', payload: classification, cause })]);
    return { status: 'classified', classification };
  }

  /** 并案: the open case this request most likely repeats, scored by place, time and text (null: none, or merging is off). */
  private async repeatedCase(manager: EntityManager, cause: CaseEvent, request: NewRequest): Promise<DuplicateMatch | null> {
    if (this.policy.repeat.windowHours === 0) return null;
    const openCases = new OpenCasesRepository(manager);
    const settings = (await this.duplicateSettings.current()).get(request.category) ?? this.policy.repeat;
    // The cases this batch classified before this one are open cases too.
    await withClassifiedCases(manager, cause, (cases) => cases.writeOpenCases());
    const candidates = await openCases.candidatesFor(cause.caseId, request, settings, this.policy.maxDuplicateCandidates);
    return findDuplicate(request, candidates, settings, this.policy.duplicateThresholds);
  }

  private async endTriage(
    manager: EntityManager,
    cause: CaseEvent,
    from: 'received' | 'filed',
    ended:
      | { type: 'case.answered'; payload: PayloadOf<'case.answered'> }
      | { type: 'case.transferred'; payload: PayloadOf<'case.transferred'> }
      | { type: 'case.declined'; payload: PayloadOf<'case.declined'> }
      | { type: 'case.merged'; payload: PayloadOf<'case.merged'> },
    recorded: { entryId?: string; score?: number },
  ): Promise<ClassifyCaseResult> {
    const moved = transition(from, ended.type);
    if (!moved.ok) throw new PermanentMessageError(moved.error.code, `case ${cause.caseId}: ${moved.error.message}`);
    const outcome = moved.to as TriageOutcome;
    await manager.query(
      'INSERT INTO classification.triage_outcomes (case_id, outcome, knowledge_entry_id, score, detail) VALUES ($1, $2, $3, $4, $5)',
      [cause.caseId, outcome, recorded.entryId ?? null, recorded.score ?? null, JSON.stringify(ended.payload)],
    );
    await withClassifiedCases(manager, cause, (cases) => Promise.resolve(cases.decide(cause.caseId, outcome)));
    const event = newCaseEvent({ ...ended, caseId: cause.caseId, producer: 'classification', cause });
    await appendToOutbox(manager, [event]);
    return { status: 'triaged', outcome, event };
  }
}
