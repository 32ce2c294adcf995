import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { w3cDateTime } from './open311-format';

export interface RequestFilter {
  ids?: string[];
  serviceCodes?: string[];
  statuses?: string[];
  requestedFrom?: Date;
  requestedTo?: Date;
  updatedAfter?: Date;
  updatedBefore?: Date;
  page: number;
  pageSize: number;
}

interface RequestRow {
  case_id: string;
  tracking_number: string;
  status: 'open' | 'closed' | null;
  status_note: string | null;
  service_code: string | null;
  service_name: string | null;
  description: string | null;
  agency_name: string | null;
  requested_at: Date;
  updated_at: Date;
  deadline: Date | null;
  address: string | null;
  address_id: string | null;
  lat: number | null;
  lng: number | null;
  media_url: string | null;
  is_open311: boolean;
}

interface NoteRow {
  update_id: string;
  case_id: string;
  tracking_number: string;
  status: 'open' | 'closed';
  description: string;
  updated_at: Date;
}

const UPDATED_AT = 'GREATEST(r.updated_at, p.updated_at)';

// What other channels' cases show: status and who handles it, not the caller's words or whereabouts.
// 并案: a merged case shows the progress of the case it joined (p): its status, unit, deadline and note.
const REQUEST_COLUMNS = `
  r.case_id, r.tracking_number,
  COALESCE(p.status, r.status) AS status,
  CASE WHEN p.case_id IS NOT NULL AND p.status_note IS NOT NULL
       THEN concat(r.status_note, '；', p.tracking_number, '：', p.status_note) ELSE r.status_note END AS status_note,
  COALESCE(p.agency_name, r.agency_name) AS agency_name,
  COALESCE(p.deadline, r.deadline) AS deadline,
  ${UPDATED_AT} AS updated_at,
  COALESCE(r.requested_at, r.updated_at) AS requested_at,
  COALESCE(r.category, s.service_code, p.category) AS service_code,
  COALESCE(r.category_name, svc.service_name, p.category_name) AS service_name,
  s.case_id IS NOT NULL AS is_open311,
  CASE WHEN s.case_id IS NOT NULL THEN r.description END AS description,
  CASE WHEN s.case_id IS NOT NULL THEN r.address END AS address,
  CASE WHEN s.case_id IS NOT NULL THEN r.lat END AS lat,
  CASE WHEN s.case_id IS NOT NULL THEN r.lng END AS lng,
  s.address_id, s.media_url`;

const FROM = `
  FROM intake.open311_requests r
  LEFT JOIN intake.open311_requests p ON p.case_id = r.merged_into_case_id
  LEFT JOIN intake.open311_submissions s ON s.case_id = r.case_id
  LEFT JOIN intake.open311_services svc ON svc.service_code = COALESCE(r.category, s.service_code, p.category)`;

const optional = (value: string | null) => value ?? null;

/** Reads the Open311 view of cases (projection + submissions + services), in the spec's field names. */
@Injectable()
export class Open311RequestsReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(filter: RequestFilter, withNotes: boolean) {
    const where = ['r.tracking_number IS NOT NULL', 'r.status IS NOT NULL'];
    const parameters: unknown[] = [];
    const bind = (value: unknown) => `$${parameters.push(value)}`;
    if (filter.ids) {
      where.push(`(r.tracking_number = ANY(${bind(filter.ids)}) OR r.case_id::text = ANY(${bind(filter.ids.map((id) => id.toLowerCase()))}))`);
    } else {
      if (filter.serviceCodes) where.push(`lower(COALESCE(r.category, s.service_code, p.category)) = ANY(${bind(filter.serviceCodes.map((code) => code.toLowerCase()))})`);
      if (filter.statuses) where.push(`COALESCE(p.status, r.status) = ANY(${bind(filter.statuses)})`);
      if (filter.requestedFrom) where.push(`COALESCE(r.requested_at, r.updated_at) >= ${bind(filter.requestedFrom)}`);
      if (filter.requestedTo) where.push(`COALESCE(r.requested_at, r.updated_at) <= ${bind(filter.requestedTo)}`);
      if (filter.updatedAfter) where.push(`${UPDATED_AT} > ${bind(filter.updatedAfter)}`);
      if (filter.updatedBefore) where.push(`${UPDATED_AT} < ${bind(filter.updatedBefore)}`);
    }
    const sql = `SELECT ${REQUEST_COLUMNS} ${FROM} WHERE ${where.join(' AND ')}
      ORDER BY COALESCE(r.requested_at, r.updated_at) DESC, r.case_id
      LIMIT ${bind(filter.pageSize)} OFFSET ${bind((filter.page - 1) * filter.pageSize)}`;
    const rows = await this.dataSource.query<RequestRow[]>(sql, parameters);
    const notes = withNotes ? await this.notesOf(rows.map((row) => row.case_id)) : new Map<string, NoteRow[]>();
    return rows.map((row) => ({
      service_request_id: row.tracking_number,
      status: row.status ?? 'open',
      status_notes: optional(row.status_note),
      service_name: optional(row.service_name),
      service_code: optional(row.service_code),
      description: optional(row.description),
      agency_responsible: optional(row.agency_name),
      service_notice: null,
      requested_datetime: w3cDateTime(row.requested_at),
      updated_datetime: w3cDateTime(row.updated_at),
      expected_datetime: row.deadline ? w3cDateTime(row.deadline) : null,
      address: optional(row.address),
      address_id: optional(row.address_id),
      zipcode: null,
      lat: row.lat,
      long: row.lng,
      media_url: optional(row.media_url),
      ...(withNotes
        ? {
            extended_attributes: {
              tracking_number: row.tracking_number,
              notes: (notes.get(row.case_id) ?? []).map((note) => ({
                update_id: note.update_id,
                status: note.status,
                updated_datetime: w3cDateTime(note.updated_at),
                description: note.description,
              })),
            },
          }
        : {}),
    }));
  }

  private async notesOf(caseIds: string[]): Promise<Map<string, NoteRow[]>> {
    const rows = await this.dataSource.query<NoteRow[]>(
      `SELECT u.update_id, u.case_id, u.status, u.description, u.updated_at FROM intake.open311_request_updates u WHERE u.case_id = ANY($1) ORDER BY u.updated_at, u.update_id`,
      [caseIds],
    );
    const byCase = new Map<string, NoteRow[]>();
    for (const row of rows) byCase.set(row.case_id, [...(byCase.get(row.case_id) ?? []), row]);
    return byCase;
  }

  /** mySociety's servicerequestupdates: the public notes of every case, by when they happened. */
  async updates(filter: { from: Date; to: Date; page: number; pageSize: number }) {
    const rows = await this.dataSource.query<NoteRow[]>(
      `SELECT u.update_id, r.tracking_number, u.status, u.description, u.updated_at
         FROM intake.open311_request_updates u JOIN intake.open311_requests r ON r.case_id = u.case_id
        WHERE r.tracking_number IS NOT NULL AND u.updated_at >= $1 AND u.updated_at <= $2
        ORDER BY u.updated_at, u.update_id LIMIT $3 OFFSET $4`,
      [filter.from, filter.to, filter.pageSize, (filter.page - 1) * filter.pageSize],
    );
    return rows.map((row) => ({
      update_id: row.update_id,
      service_request_id: row.tracking_number,
      status: row.status,
      updated_datetime: w3cDateTime(row.updated_at),
      description: row.description,
      media_url: null,
    }));
  }

  async tokenOf(caseId: string): Promise<string | undefined> {
    const rows = await this.dataSource.query<{ token: string }[]>(`SELECT token FROM intake.open311_submissions WHERE case_id = $1`, [caseId]);
    return rows[0]?.token;
  }

  async byToken(token: string): Promise<{ service_request_id: string | null; token: string } | undefined> {
    const rows = await this.dataSource.query<{ tracking_number: string | null }[]>(
      `SELECT r.tracking_number FROM intake.open311_submissions s LEFT JOIN intake.open311_requests r ON r.case_id = s.case_id WHERE s.token = $1`,
      [token],
    );
    const row = rows[0];
    return row ? { service_request_id: row.tracking_number, token } : undefined;
  }
}
