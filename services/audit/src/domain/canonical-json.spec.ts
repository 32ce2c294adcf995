import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts the keys of every object, however deep', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('drops undefined members like JSON.stringify, and writes them as null inside arrays', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('keeps Chinese text and escapes only what JSON requires', () => {
    expect(canonicalJson({ title: '路灯不亮 "急"' })).toBe('{"title":"路灯不亮 \\"急\\""}');
  });

  it('encodes dates through toJSON', () => {
    expect(canonicalJson({ at: new Date('2026-11-27T01:30:00Z') })).toBe('{"at":"2026-11-27T01:30:00.000Z"}');
  });

  it('refuses a value that has no JSON form', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});
