import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { monthOf } from '../domain/month';
import { trackTopic, trackedMonths } from '../domain/topic-tracking';
import { CaseCountsRepository } from '../infrastructure/database/case-counts.repository';
import { TopicRepository, type TopicRecord } from '../infrastructure/database/topic.repository';
import { ASSESSMENT_SETTINGS, type AssessmentSettings } from '../read-assessments/assessment-settings';
import type { TopicView } from './topic.contract';
import type { CreateTopicRequest } from './topic.request';

const MONTHS_BEFORE = 6;
const MAX_MONTHS_AFTER = 24;

@Injectable()
export class TopicsHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ASSESSMENT_SETTINGS) private readonly settings: AssessmentSettings,
  ) {}

  async create(request: CreateTopicRequest, createdBy: string): Promise<string> {
    const now = new Date();
    const topic: TopicRecord = {
      topicId: randomUUID(),
      name: request.name,
      categories: [...new Set(request.categories)],
      streetCodes: [...new Set(request.streetCodes)],
      districtCodes: [...new Set(request.districtCodes)],
      openedAt: request.openedAt ? new Date(request.openedAt) : now,
      createdBy,
      createdAt: now,
    };
    await new TopicRepository(this.dataSource.manager).insert(topic);
    return topic.topicId;
  }

  /** The topic with its case counts month by month, six months before it opened and after. */
  async view(topicId: string, now = new Date()): Promise<TopicView | undefined> {
    const manager = this.dataSource.manager;
    const topic = await new TopicRepository(manager).find(topicId);
    if (!topic) return undefined;
    const offset = this.settings.monthUtcOffsetMinutes;
    const openedMonth = monthOf(topic.openedAt, offset);
    const months = trackedMonths({ openedMonth, currentMonth: monthOf(now, offset), monthsBefore: MONTHS_BEFORE, maxMonthsAfter: MAX_MONTHS_AFTER });
    const counts = await new CaseCountsRepository(manager).perMonth({ ...topic, from: months[0] ?? openedMonth, to: months.at(-1) ?? openedMonth });
    return {
      ...topic,
      openedAt: topic.openedAt.toISOString(),
      openedMonth,
      createdAt: topic.createdAt.toISOString(),
      ...trackTopic(months, openedMonth, counts),
    };
  }
}
