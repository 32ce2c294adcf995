import type { EntityManager } from 'typeorm';

export interface TopicRecord {
  topicId: string;
  name: string;
  categories: string[];
  streetCodes: string[];
  districtCodes: string[];
  openedAt: Date;
  createdBy: string;
  createdAt: Date;
}

interface TopicRow {
  topic_id: string;
  name: string;
  categories: string[];
  street_codes: string[];
  district_codes: string[];
  opened_at: Date;
  created_by: string;
  created_at: Date;
}

export class TopicRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(topic: TopicRecord): Promise<void> {
    await this.manager.query(
      `INSERT INTO assessment.topics (topic_id, name, categories, street_codes, district_codes, opened_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [topic.topicId, topic.name, topic.categories, topic.streetCodes, topic.districtCodes, topic.openedAt, topic.createdBy, topic.createdAt],
    );
  }

  async find(topicId: string): Promise<TopicRecord | undefined> {
    const rows: TopicRow[] = await this.manager.query(`SELECT * FROM assessment.topics WHERE topic_id = $1`, [topicId]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      topicId: row.topic_id,
      name: row.name,
      categories: row.categories,
      streetCodes: row.street_codes,
      districtCodes: row.district_codes,
      openedAt: row.opened_at,
      createdBy: row.created_by,
      createdAt: row.created_at,
    };
  }
}
