import { MAX_INPUT_DEPTH, findUnsafeInput } from './unsafe-input';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

describe('findUnsafeInput', () => {
  it('accepts ordinary bodies, including control characters other than NUL and any Unicode', () => {
    expect(findUnsafeInput({ description: '路灯不亮\n\t😀\u202e', reporter: { name: 'x', confidential: false }, tags: [1, null, 'a'] })).toBeUndefined();
    expect(findUnsafeInput(undefined)).toBeUndefined();
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH))).toBeUndefined();
  });

  it('finds nesting deeper than the limit without overflowing the stack, however deep', () => {
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH + 1))).toMatchObject({ problem: 'too_deep' });
    expect(findUnsafeInput(JSON.parse(`${'['.repeat(60_000)}${']'.repeat(60_000)}`))).toMatchObject({ problem: 'too_deep' });
  });

  it('finds a NUL character in a string or a key, naming where', () => {
    expect(findUnsafeInput({ reporter: { name: 'a\u0000b' } })).toEqual({ problem: 'nul_character', path: 'reporter.name' });
    expect(findUnsafeInput({ ['k\u0000']: 1 })).toEqual({ problem: 'nul_character', path: 'k\u0000' });
    expect(findUnsafeInput(['ok', '\u0000'])).toEqual({ problem: 'nul_character', path: '1' });
    expect(findUnsafeInput('\u0000')).toEqual({ problem: 'nul_character', path: '(root)' });
  });

  it('finds a lone surrogate, and accepts a paired one', () => {
    expect(findUnsafeInput({ reporter: { name: 'x\udfffy' } })).toEqual({ problem: 'lone_surrogate', path: 'reporter.name' });
    expect(findUnsafeInput({ title: '\ud83d' })).toEqual({ problem: 'lone_surrogate', path: 'title' });
    expect(findUnsafeInput({ title: '\ud83d\ude00' })).toBeUndefined();
  });
});
