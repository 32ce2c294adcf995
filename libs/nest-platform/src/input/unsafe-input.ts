/** The deepest nesting a body may have: ours need three levels; far deeper only exhausts the stack (JSON.stringify, loggers). */
export const MAX_INPUT_DEPTH = 32;

export type UnsafeInput = { problem: 'too_deep' | 'nul_character' | 'lone_surrogate'; path: string };

// A UTF-16 surrogate without its pair: not a character, so not valid UTF-8 text; PostgreSQL's jsonb
// refuses its \u escape (the outbox stores envelopes as jsonb).
const LONE_SURROGATE = /\p{Cs}/u;

function textProblem(text: string): UnsafeInput['problem'] | undefined {
  if (text.includes('\u0000')) return 'nul_character';
  if (LONE_SURROGATE.test(text)) return 'lone_surrogate';
  return undefined;
}

/**
 * The first thing in a parsed body that no handler should have to defend against: nesting deeper than
 * `maxDepth`, a NUL character (U+0000) in a string or key, which PostgreSQL text and jsonb cannot
 * store, or a lone surrogate. Iterative, so a deep value cannot overflow the stack here either.
 */
export function findUnsafeInput(value: unknown, maxDepth = MAX_INPUT_DEPTH): UnsafeInput | undefined {
  const pending: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  while (pending.length > 0) {
    const { value: current, depth, path } = pending.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return { problem, path: path || '(root)' };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= maxDepth) return { problem: 'too_deep', path: path || '(root)' };
    for (const [key, child] of Object.entries(current)) {
      const childPath = path ? `${path}.${key}` : key;
      const problem = textProblem(key);
      if (problem) return { problem, path: childPath };
      pending.push({ value: child, depth: depth + 1, path: childPath });
    }
  }
  return undefined;
}
