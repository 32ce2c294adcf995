import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASE_EVENT_DEFINITIONS, parseCaseEvent } from './catalogue';

// Golden messages as producers sent them. A schema change that stops parsing one is a breaking change:
// publish a new version beside the old one instead.
const FIXTURES_DIR = join(__dirname, '..', 'fixtures');
const fixtureFiles = readdirSync(FIXTURES_DIR).filter((file) => file.endsWith('.json'));

describe('event contracts', () => {
  it('has a golden fixture for every published event version', () => {
    const expected = CASE_EVENT_DEFINITIONS.map((definition) => `${definition.type}.v${definition.version}.json`).sort();
    expect(fixtureFiles.sort()).toEqual(expected);
  });

  it.each(fixtureFiles)('still parses the golden fixture %s', (file) => {
    const message: unknown = JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8'));
    const result = parseCaseEvent(message);
    expect(result).toMatchObject({ ok: true });
  });

  it('refuses a message whose payload breaks its schema, naming the field', () => {
    const message = JSON.parse(readFileSync(join(FIXTURES_DIR, 'case.received.v1.json'), 'utf8')) as { payload: Record<string, unknown> };
    message.payload['type'] = 'rant';
    expect(parseCaseEvent(message)).toMatchObject({ ok: false, error: { code: 'EVENT.INVALID_PAYLOAD', message: expect.stringContaining('payload.type') } });
  });

  it('still parses a case.received sent before the contact was sealed (clear name and phone, no sealed)', () => {
    const message = JSON.parse(readFileSync(join(FIXTURES_DIR, 'case.received.v1.json'), 'utf8')) as { payload: Record<string, unknown> };
    message.payload['reporter'] = { name: '王女士', phone: '13800000000', confidential: false };
    expect(parseCaseEvent(message)).toMatchObject({ ok: true });
  });

  it('parses a case.received position without a datum (sent before intake took one) or in any known datum, and refuses an unknown datum', () => {
    const message = JSON.parse(readFileSync(join(FIXTURES_DIR, 'case.received.v1.json'), 'utf8')) as { payload: { location: Record<string, unknown> } };
    delete message.payload.location['datum'];
    expect(parseCaseEvent(message)).toMatchObject({ ok: true });
    for (const datum of ['WGS-84', 'GCJ-02', 'BD-09']) {
      message.payload.location['datum'] = datum;
      expect(parseCaseEvent(message)).toMatchObject({ ok: true, event: { payload: { location: { datum } } } });
    }
    message.payload.location['datum'] = 'EPSG:4326';
    expect(parseCaseEvent(message)).toMatchObject({ ok: false, error: { code: 'EVENT.INVALID_PAYLOAD', message: expect.stringContaining('payload.location.datum') } });
  });

  it('parses a case.dispatched with co-handlers and how it was routed, and refuses an unknown routing basis', () => {
    const message = JSON.parse(readFileSync(join(FIXTURES_DIR, 'case.dispatched.v1.json'), 'utf8')) as { payload: Record<string, unknown> };
    message.payload['coHandlerIds'] = ['city-urban-management'];
    message.payload['routedBy'] = 'district_fallback';
    expect(parseCaseEvent(message)).toMatchObject({ ok: true, event: { payload: { coHandlerIds: ['city-urban-management'], routedBy: 'district_fallback' } } });
    message.payload['routedBy'] = 'guesswork';
    expect(parseCaseEvent(message)).toMatchObject({ ok: false, error: { code: 'EVENT.INVALID_PAYLOAD', message: expect.stringContaining('payload.routedBy') } });
  });

  it('parses a case.merged a dispatcher confirmed (confirmedBy, note) as well as an automatic one', () => {
    const message = JSON.parse(readFileSync(join(FIXTURES_DIR, 'case.merged.v1.json'), 'utf8')) as { producer: string; payload: Record<string, unknown> };
    message.producer = 'dispatch';
    message.payload['confirmedBy'] = 'user:dispatcher-1';
    message.payload['note'] = '同一盏路灯';
    expect(parseCaseEvent(message)).toMatchObject({ ok: true, event: { payload: { confirmedBy: 'user:dispatcher-1', note: '同一盏路灯' } } });
    message.payload['confirmedBy'] = '';
    expect(parseCaseEvent(message)).toMatchObject({ ok: false, error: { code: 'EVENT.INVALID_PAYLOAD', message: expect.stringContaining('payload.confirmedBy') } });
  });

  it('refuses an unknown event version', () => {
    const message = JSON.parse(readFileSync(join(FIXTURES_DIR, 'case.signed.v1.json'), 'utf8')) as { version: number };
    message.version = 9;
    expect(parseCaseEvent(message)).toMatchObject({ ok: false, error: { code: 'EVENT.UNKNOWN_TYPE' } });
  });
});
