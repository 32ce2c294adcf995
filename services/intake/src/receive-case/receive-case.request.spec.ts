import { receiveCaseRequestSchema } from './receive-case.request';

const issuesOf = (body: unknown) => (receiveCaseRequestSchema.safeParse(body).error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));

describe('receiveCaseRequestSchema: the position and its datum', () => {
  const body = { type: 'complaint', channel: 'app', description: '路灯不亮' };
  const at = { lat: 39.9087, lng: 116.4605 };

  it('takes a position with or without its datum, and keeps the datum it was given', () => {
    for (const datum of ['WGS-84', 'GCJ-02', 'BD-09'] as const) {
      expect(receiveCaseRequestSchema.parse({ ...body, location: { ...at, datum } }).location).toEqual({ ...at, datum });
    }
    // None given: GPS's (WGS-84) downstream; the body stays as sent, so an Idempotency-Key retry still matches.
    expect(receiveCaseRequestSchema.parse({ ...body, location: at }).location).toEqual(at);
  });

  it('refuses a datum outside the vocabulary, naming the field and the datums it takes', () => {
    for (const datum of ['WGS84', 'gcj-02', 'bd09', '', null, 4326]) {
      expect(issuesOf({ ...body, location: { ...at, datum } })).toEqual([{ path: 'location.datum', message: 'must be one of WGS-84, GCJ-02, BD-09' }]);
    }
  });

  it('refuses a datum without a position, and an unknown field in the position', () => {
    expect(issuesOf({ ...body, location: { datum: 'GCJ-02' } }).map((issue) => issue.path).sort()).toEqual(['location.lat', 'location.lng']);
    expect(issuesOf({ ...body, location: { ...at, crs: 'EPSG:4326' } })).toEqual([expect.objectContaining({ path: 'location' })]);
  });
});
