import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { transition } from '@hotline/case-lifecycle';
import { newCaseEvent, type CaseEventOf, type PayloadOf } from '@hotline/contracts';
import { PermanentMessageError, appendToOutbox, processOnce } from '@hotline/messaging';
import { locatePlace } from '../domain/district-locator';
import { classifierVersionFor, scoreKeywords } from '../domain/keyword-scorer';
import { ClassificationRecord } from '../infrastructure/database/entities/classification.entity';
import { CLASSIFICATION_CONSUMER } from './classification-consumer';
import { KeywordRulesCache } from './keyword-rules.cache';

export type ClassifyCaseResult = { status: 'classified'; classification: PayloadOf<'case.classified'> } | { status: 'duplicate' };

@Injectable()
export class ClassifyCaseHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keywordRules: KeywordRulesCache,
  ) {}

  /** 分类: files a received case under a category, urgency and district, and emits `case.classified`. */
  async execute(event: CaseEventOf<'case.received'>): Promise<ClassifyCaseResult> {
    const catalogue = await this.keywordRules.current();
    const { payload } = event;
    const score = scoreKeywords([payload.title, payload.description].filter(Boolean).join('\n'), catalogue.rules);
    const place = locatePlace(payload);
    const classification: PayloadOf<'case.classified'> = {
      category: score.category,
      categoryName: score.categoryName,
      urgency: score.urgency,
      ...place,
      confidence: score.confidence,
      matchedKeywords: [...score.matchedKeywords],
      classifierVersion: classifierVersionFor(catalogue.version),
    };
    const outcome = await processOnce(this.dataSource, CLASSIFICATION_CONSUMER.consumerName, event, (manager) =>
      this.record(manager, event, classification),
    );
    return outcome.status === 'duplicate' ? outcome : { status: 'classified', classification };
  }

  private async record(manager: EntityManager, event: CaseEventOf<'case.received'>, classification: PayloadOf<'case.classified'>): Promise<void> {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(ClassificationRecord)
      .values({
        caseId: event.caseId,
        category: classification.category,
        urgency: classification.urgency,
        districtCode: classification.districtCode,
        streetCode: classification.streetCode,
        districtSource: classification.districtSource,
        confidence: classification.confidence,
        matchedKeywords: classification.matchedKeywords,
        classifierVersion: classification.classifierVersion,
      })
      .orIgnore()
      .returning('case_id')
      .execute();
    // A classification row means the case already left `received`: a second, different
    // case.received for it is illegal and never becomes legal by retrying.
    const isAlreadyClassified = (inserted.raw as unknown[]).length === 0;
    const received = transition(isAlreadyClassified ? 'classified' : null, 'case.received');
    if (!received.ok) throw new PermanentMessageError(received.error.code, `case ${event.caseId}: ${received.error.message}`);
    const classified = transition(received.to, 'case.classified');
    if (!classified.ok) throw new PermanentMessageError(classified.error.code, classified.error.message);
    await appendToOutbox(manager, [
      newCaseEvent({ type: 'case.classified', caseId: event.caseId, producer: 'classification', payload: classification, cause: event }),
    ]);
  }
}
