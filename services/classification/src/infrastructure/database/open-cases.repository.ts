import type { EntityManager } from 'typeorm';
import { DEFAULT_INCOMING_DATUM, convertPosition, type Datum } from '../../geography/datum';
import { boundingBox, type DuplicateSettings, type NewRequest, type OpenCase, type Position } from '../../domain/triage/repeat-request';

type OpenCaseRow = { case_id: string; category: string; district_code: string | null; lat: number | null; lon: number | null; text: string; received_at: Date };

const toOpenCase = (row: OpenCaseRow): OpenCase => ({
  caseId: row.case_id,
  category: row.category,
  districtCode: row.district_code,
  position: row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon },
  text: row.text,
  receivedAt: row.received_at,
});

/** 并案's view of the open cases: where they were reported and what they said. */
export class OpenCasesRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Adds open cases in one statement. */
  async addAll(openCases: readonly OpenCase[]): Promise<void> {
    if (openCases.length === 0) return;
    await this.manager.query(
      `INSERT INTO classification.open_cases (case_id, category, district_code, lat, lon, text, received_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::timestamptz[])`,
      [
        openCases.map((c) => c.caseId),
        openCases.map((c) => c.category),
        openCases.map((c) => c.districtCode),
        openCases.map((c) => c.position?.lat ?? null),
        openCases.map((c) => c.position?.lon ?? null),
        openCases.map((c) => c.text),
        openCases.map((c) => c.receivedAt),
      ],
    );
  }

  /** Closes (a time) or reopens (null) the open cases of many cases in one statement. */
  async setClosedAt(closings: ReadonlyArray<readonly [caseId: string, closedAt: Date | null]>): Promise<void> {
    if (closings.length === 0) return;
    await this.manager.query(
      `UPDATE classification.open_cases o SET closed_at = v.closed_at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS v(case_id, closed_at)
        WHERE o.case_id = v.case_id`,
      [closings.map(([caseId]) => caseId), closings.map(([, closedAt]) => closedAt)],
    );
  }

  /**
   * The open cases of the request's category received within the window before it that may repeat it:
   * with a position, those inside the radius's bounding box (index on category, lat, lon; the exact
   * distance is the scorer's) plus those without a position in the same district; without a position,
   * those in the same district. At most `limit`, the latest received first: a spot that drew hundreds of
   * reports would otherwise cost every new one a read and a score of each (the score favours the latest,
   * and an older report as like as a later one scores lower). The one place the place query lives, so it
   * can move to PostGIS.
   */
  async candidatesFor(caseId: string, request: NewRequest, settings: DuplicateSettings, limit: number): Promise<OpenCase[]> {
    const since = new Date(request.receivedAt.getTime() - settings.windowHours * 3_600_000);
    const base = `SELECT case_id, category, district_code, lat, lon, text, received_at FROM classification.open_cases
      WHERE category = $1 AND closed_at IS NULL AND case_id <> $2 AND received_at >= $3 AND received_at <= $4`;
    const params: unknown[] = [request.category, caseId, since, request.receivedAt];
    const latest = `ORDER BY received_at DESC LIMIT $${params.push(limit)}`;
    const byDistrict = request.districtCode === null ? 'false' : `district_code = $${params.push(request.districtCode)}`;
    if (request.position === null) return (await this.manager.query<OpenCaseRow[]>(`${base} AND ${byDistrict} ${latest}`, params)).map(toOpenCase);
    const box = boundingBox(request.position, settings.radiusMetres);
    const lat = `lat BETWEEN $${params.push(box.minLat)} AND $${params.push(box.maxLat)}`;
    const lon = `lon BETWEEN $${params.push(box.minLon)} AND $${params.push(box.maxLon)}`;
    const rows = await this.manager.query<OpenCaseRow[]>(
      `(${base} AND lat IS NOT NULL AND ${lat} AND ${lon} ${latest})
       UNION ALL
       (${base} AND lat IS NULL AND ${byDistrict} ${latest})
       ${latest}`,
      params,
    );
    return rows.map(toOpenCase);
  }
}

/**
 * Where a case was reported, in WGS-84 whatever datum it was given in, so that any two positions compare. A
 * datum's shift can carry a position over the antimeridian or a pole (Baidu's BD-09 at longitude -180 is WGS-84's
 * -180.0068): the longitude is brought back into [-180, 180] on the same meridian and the latitude held at the pole.
 */
export function positionOf(location: { lat: number; lng: number; datum?: Datum } | null): Position | null {
  if (!location) return null;
  const [lon, lat] = convertPosition([location.lng, location.lat], location.datum ?? DEFAULT_INCOMING_DATUM, 'WGS-84');
  return { lat: Math.min(90, Math.max(-90, lat)), lon: onSameMeridianWithinRange(lon) };
}

/** A datum shift moves a position by metres, so a longitude is at most one turn outside [-180, 180]. */
function onSameMeridianWithinRange(lon: number): number {
  if (lon < -180) return lon + 360;
  if (lon > 180) return lon - 360;
  return lon;
}
