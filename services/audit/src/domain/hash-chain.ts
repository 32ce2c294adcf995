import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** One recorded event as the chain sees it. */
export interface ChainLink {
  position: number;
  prevHash: string | null;
  hash: string;
  envelope: unknown;
}

export type ChainVerdict =
  | { isIntact: true; eventCount: number }
  | { isIntact: false; eventCount: number; brokenAt: number; reason: string };

/**
 * A case's record is a hash chain: each event's hash covers the previous hash and the whole envelope,
 * so changing, removing or reordering any earlier event changes every hash after it. The first event
 * of a case has no previous hash.
 */
export function chainHash(prevHash: string | null, envelope: unknown): string {
  return createHash('sha256')
    .update(prevHash ?? '')
    .update(canonicalJson(envelope))
    .digest('hex');
}

/** Recomputes the chain from the stored envelopes; `links` must be ordered by position. */
export function verifyChain(links: readonly ChainLink[]): ChainVerdict {
  let expectedPrev: string | null = null;
  for (const [index, link] of links.entries()) {
    const broken = (reason: string): ChainVerdict => ({ isIntact: false, eventCount: links.length, brokenAt: link.position, reason });
    if (link.position !== index + 1) return broken(`expected position ${index + 1}: an event is missing or out of order`);
    if (link.prevHash !== expectedPrev) return broken('prev_hash does not match the hash of the event before it');
    const recomputed = chainHash(expectedPrev, link.envelope);
    if (recomputed !== link.hash) return broken('the stored envelope no longer matches its hash');
    expectedPrev = recomputed;
  }
  return { isIntact: true, eventCount: links.length };
}
