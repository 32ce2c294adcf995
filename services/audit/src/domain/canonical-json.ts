/**
 * JSON with the keys of every object sorted and no whitespace, so a value hashes the same however its
 * keys were ordered when it was stored (Postgres jsonb does not keep key order). Follows
 * JSON.stringify for the rest: `toJSON` is honoured, undefined members are left out of objects and
 * become null in arrays, non-finite numbers become null.
 */
export function canonicalJson(value: unknown): string {
  const encoded = encode(value);
  if (encoded === undefined) throw new TypeError(`canonicalJson cannot encode a top-level ${typeof value}`);
  return encoded;
}

function encode(value: unknown): string | undefined {
  const plain = hasToJson(value) ? value.toJSON() : value;
  if (plain === null || typeof plain !== 'object') return JSON.stringify(plain);
  if (Array.isArray(plain)) return `[${plain.map((item) => encode(item) ?? 'null').join(',')}]`;
  const members: string[] = [];
  for (const key of Object.keys(plain).sort()) {
    const member = encode((plain as Record<string, unknown>)[key]);
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${members.join(',')}}`;
}

function hasToJson(value: unknown): value is { toJSON: () => unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
