const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const SEVERE = new Set(['error', 'fatal']);

interface Entry {
  level?: unknown;
  time?: unknown;
  message?: unknown;
  msg?: unknown;
  err?: { message?: unknown; type?: unknown };
}

/** A field as text: strings as they are, anything else as JSON. */
const textOf = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value));
const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);
const clockOf = (time: unknown) => (typeof time === 'string' ? time.slice(11, 19) : typeof time === 'number' ? new Date(time).toISOString().slice(11, 19) : '?');

/**
 * One line for a service's JSON log (pino): how many entries of each level, its most frequent messages, its
 * last error and when it last logged. Lines that are not JSON (a crash's stack trace) count as `raw`.
 */
export function summariseServiceLog(lines: readonly string[]): string {
  const levels = new Map<string, number>();
  const messages = new Map<string, number>();
  let lastSevere: Entry | undefined;
  let lastTime: unknown;
  for (const line of lines) {
    if (line.trim() === '') continue;
    let entry: Entry;
    try {
      entry = JSON.parse(line) as Entry;
    } catch {
      levels.set('raw', (levels.get('raw') ?? 0) + 1);
      continue;
    }
    const level = typeof entry.level === 'number' ? (LEVEL_NAMES[entry.level] ?? String(entry.level)) : textOf(entry.level ?? '?');
    levels.set(level, (levels.get(level) ?? 0) + 1);
    const message = textOf(entry.message ?? entry.msg);
    messages.set(message, (messages.get(message) ?? 0) + 1);
    if (SEVERE.has(level)) lastSevere = entry;
    lastTime = entry.time ?? lastTime;
  }
  if (levels.size === 0) return 'nothing';
  const counts = [...levels].map(([level, count]) => `${level} ${count}`).join(', ');
  const frequent = [...messages]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([message, count]) => `${count}× ${clip(message, 70)}`)
    .join(' | ');
  const severe = lastSevere
    ? ` | last error ${clockOf(lastSevere.time)} ${clip(textOf(lastSevere.message ?? lastSevere.msg), 70)}${lastSevere.err?.message ? `: ${clip(textOf(lastSevere.err.message), 100)}` : ''}`
    : '';
  return `${counts} | ${frequent}${severe} | last entry ${clockOf(lastTime)}`;
}
