import { z } from 'zod';
import { CASE_EVENT_DEFINITIONS } from './catalogue';
import { UNIT_STREAM_EVENT_TYPES } from './unit-stream';

describe('the per-unit stream', () => {
  // 保密: a confidential reporter's identity is never shown to the handling unit; no event a unit may
  // read carries a reporter at all.
  it.each(UNIT_STREAM_EVENT_TYPES)('carries no reporter in %s', (type) => {
    const definitions = CASE_EVENT_DEFINITIONS.filter((definition) => definition.type === type);
    expect(definitions.length).toBeGreaterThan(0);
    for (const definition of definitions) {
      expect(JSON.stringify(z.toJSONSchema(definition.payload, { io: 'input', unrepresentable: 'any' }))).not.toMatch(/"reporter"|"phone"/);
    }
  });

  it('leaves out case.received, which carries the contact', () => {
    expect(UNIT_STREAM_EVENT_TYPES).not.toContain('case.received');
  });
});
