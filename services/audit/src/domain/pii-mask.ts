/** 张三 → 张*: enough for an auditor to match a call, not enough to identify the citizen. */
export function maskName(name: string): string {
  const [first] = Array.from(name.trim());
  return first === undefined ? '*' : `${first}*`;
}

/** 13800000000 → 138****0000; a number too short to keep both ends is hidden completely. */
export function maskPhone(phone: string): string {
  let digits = phone.replace(/\D/g, '');
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (digits.length < 8) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

const HIDDEN = '***';

/**
 * A copy of an event payload with every `reporter` object's name and phone masked. A reporter who
 * asked for confidentiality (保密) keeps neither.
 */
export function maskPayload(payload: unknown): unknown {
  if (Array.isArray(payload)) return payload.map(maskPayload);
  if (payload === null || typeof payload !== 'object') return payload;
  const masked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    masked[key] = key === 'reporter' && isRecord(value) ? maskReporter(value) : maskPayload(value);
  }
  return masked;
}

function maskReporter(reporter: Record<string, unknown>): Record<string, unknown> {
  const isConfidential = reporter['confidential'] === true;
  const { name, phone } = reporter;
  return {
    ...reporter,
    ...(typeof name === 'string' ? { name: isConfidential ? HIDDEN : maskName(name) } : {}),
    ...(typeof phone === 'string' ? { phone: isConfidential ? HIDDEN : maskPhone(phone) } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
