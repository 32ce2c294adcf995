import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { withoutPersonalData } from './personal-data-form';

/**
 * How a link's hash covers its envelope. 1: the whole envelope (events recorded before personal data
 * could be erased). 2: the envelope without its personal fields, so retention can erase them and the
 * chain still verifies.
 */
export type HashVersion = 1 | 2;
export const CURRENT_HASH_VERSION: HashVersion = 2;

/** One recorded event as the chain sees it. */
export interface ChainLink {
  position: number;
  prevHash: string | null;
  hash: string;
  envelope: unknown;
  hashVersion: number;
  personalDataErasedAt: Date | null;
}

export type ChainVerdict =
  | { isIntact: true; eventCount: number; positionsNotRecomputed: number[] }
  | { isIntact: false; eventCount: number; brokenAt: number; reason: string };

/**
 * A case's record is a hash chain: each event's hash covers the previous hash and the envelope, so
 * changing, removing or reordering any earlier event changes every hash after it. The first event of
 * a case has no previous hash.
 */
export function chainHash(prevHash: string | null, envelope: unknown, hashVersion: HashVersion = CURRENT_HASH_VERSION): string {
  return createHash('sha256')
    .update(prevHash ?? '')
    .update(canonicalJson(hashVersion === 1 ? envelope : withoutPersonalData(envelope)))
    .digest('hex');
}

/** Recomputes the chain from the stored envelopes; `links` must be ordered by position. */
export function verifyChain(links: readonly ChainLink[]): ChainVerdict {
  let expectedPrev: string | null = null;
  const positionsNotRecomputed: number[] = [];
  for (const [index, link] of links.entries()) {
    const broken = (reason: string): ChainVerdict => ({ isIntact: false, eventCount: links.length, brokenAt: link.position, reason });
    if (link.position !== index + 1) return broken(`expected position ${index + 1}: an event is missing or out of order`);
    if (link.prevHash !== expectedPrev) return broken('prev_hash does not match the hash of the event before it');
    if (link.hashVersion !== 1 && link.hashVersion !== 2) return broken(`unknown hash version ${link.hashVersion}`);
    // A version-1 hash covered the contact that retention has since erased: the link's place in the
    // chain is still checked (the next link names its hash), its content can no longer be.
    const isRecomputable = link.hashVersion === 2 || link.personalDataErasedAt === null;
    if (isRecomputable && chainHash(expectedPrev, link.envelope, link.hashVersion) !== link.hash) {
      return broken('the stored envelope no longer matches its hash');
    }
    if (!isRecomputable) positionsNotRecomputed.push(link.position);
    expectedPrev = link.hash;
  }
  return { isIntact: true, eventCount: links.length, positionsNotRecomputed };
}
