// The one masking policy for a reporter's name and phone (STYLE: one policy, one place). Events, logs,
// audit's timeline and the follow-up desk's lists all show a reporter through it; only the follow-up
// operator's contact endpoint shows the clear values, and only while a call is due.

/** What a masked or hidden value looks like when the reporter asked for confidentiality (保密). */
export const HIDDEN = '***';

/** 张三 → 张*: the surname is enough to address the citizen or match a call, not to identify them. */
export function maskName(name: string): string {
  if (isMasked(name)) return name;
  const [first] = Array.from(name.trim());
  return first === undefined ? '*' : `${first}*`;
}

/**
 * 13800000000 → 138****0000 (the first three and last four digits, as Chinese services print a number
 * they protect); a country code (+86) is dropped; a number too short to keep both ends is hidden.
 */
export function maskPhone(phone: string): string {
  if (isMasked(phone)) return phone;
  let digits = phone.replace(/\D/g, '');
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (digits.length < 8) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** A reporter's contact as it may be shown or published. */
export interface ReporterContact {
  name: string | null;
  phone: string | null;
  confidential: boolean;
}

/** The masked contact; a confidential reporter keeps neither name nor number. */
export function maskReporter<T extends ReporterContact>(reporter: T): T {
  const mask = (value: string | null, masker: (clear: string) => string): string | null =>
    value === null ? null : reporter.confidential ? HIDDEN : masker(value);
  return { ...reporter, name: mask(reporter.name, maskName), phone: mask(reporter.phone, maskPhone) };
}

/** A copy of any JSON value (an event payload) with every `reporter` object's name and phone masked. */
export function maskReportersIn(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskReportersIn);
  if (!isRecord(value)) return value;
  const masked: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    masked[key] = key === 'reporter' && isRecord(member) ? maskReporterRecord(member) : maskReportersIn(member);
  }
  return masked;
}

function maskReporterRecord(reporter: Record<string, unknown>): Record<string, unknown> {
  const { name, phone, ...rest } = reporter;
  const confidential = reporter['confidential'] === true;
  const maskedRest = Object.fromEntries(Object.entries(rest).filter(([key]) => !SEALED_KEYS.has(key)));
  return {
    ...maskedRest,
    ...(name === undefined ? {} : { name: typeof name === 'string' ? (confidential ? HIDDEN : maskName(name)) : name }),
    ...(phone === undefined ? {} : { phone: typeof phone === 'string' ? (confidential ? HIDDEN : maskPhone(phone)) : phone }),
  };
}

// Ciphertexts are never shown, even masked.
const SEALED_KEYS = new Set(['sealed']);

function isMasked(value: string): boolean {
  return value.includes('*');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where a reporter's contact may appear in a log line (pino redaction paths). The logger redacts them
 * all; nothing should log them in the first place.
 */
export const PERSONAL_DATA_LOG_PATHS = [
  'reporter',
  '*.reporter',
  '*.*.reporter',
  'reporterName',
  '*.reporterName',
  'reporterPhone',
  '*.reporterPhone',
  'phone',
  '*.phone',
  'name',
] as const;
