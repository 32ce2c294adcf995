/**
 * Open311 clients are sloppy (DOMAIN §6): booleans as strings, repeated keys instead of
 * `attribute[code][]`, numbers where text is due, `#NOTPINPOINTED#` for "no point on the map".
 * These read such input; they never throw.
 */

export type FormValue = string | number | boolean | null | undefined | FormValue[] | { [key: string]: FormValue };
export type Form = Record<string, FormValue>;

const NOT_PINPOINTED = '#NOTPINPOINTED#';

/** The first value as trimmed text; numbers count as their text; empty is absent. */
export function textOf(value: FormValue): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'number' || typeof first === 'boolean') return String(first);
  if (typeof first !== 'string') return undefined;
  const trimmed = first.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** `true`, `1`, `yes`, `on` (any case) → true; `false`, `0`, `no`, `off` → false; else undefined. */
export function booleanOf(value: FormValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = textOf(value)?.toLowerCase();
  if (text === undefined) return undefined;
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(text)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(text)) return false;
  return undefined;
}

/** A coordinate, or undefined for none, `#NOTPINPOINTED#` and text that is no number. */
export function coordinateOf(value: FormValue): number | undefined {
  const text = textOf(value);
  if (text === undefined || text.toUpperCase() === NOT_PINPOINTED) return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

function valuesOf(value: FormValue): string[] {
  if (Array.isArray(value)) return value.flatMap(valuesOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(valuesOf);
  const text = textOf(value);
  return text === undefined ? [] : [text];
}

/**
 * The `attribute[code]` values, however they came: nested by the form parser
 * (`attribute[code][]=a&attribute[code][]=b`), flat keys, or the same key repeated.
 */
export function attributesOf(form: Form): Record<string, string[]> {
  const attributes: Record<string, string[]> = {};
  const add = (code: string, value: FormValue) => {
    const values = valuesOf(value);
    if (values.length > 0) attributes[code] = [...(attributes[code] ?? []), ...values];
  };
  const nested = form['attribute'];
  if (nested !== null && typeof nested === 'object' && !Array.isArray(nested)) {
    for (const [code, value] of Object.entries(nested)) add(code, value);
  }
  for (const [key, value] of Object.entries(form)) {
    const code = /^attribute\[([^\]]+)\](\[\])?$/.exec(key)?.[1];
    if (code) add(code, value);
  }
  return attributes;
}
