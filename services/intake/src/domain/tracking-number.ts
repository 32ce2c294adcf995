import { randomInt } from 'node:crypto';

// Crockford base32: no I, L, O or U, so a number read aloud on the phone is not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short number a citizen can read out: the Beijing date and six random characters, e.g. 261127-7K3QXA. */
export function newTrackingNumber(now: Date): string {
  const beijing = new Date(now.getTime() + 8 * 3600 * 1000);
  const date = beijing.toISOString().slice(2, 10).replaceAll('-', '');
  let suffix = '';
  for (let i = 0; i < 6; i += 1) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `${date}-${suffix}`;
}
