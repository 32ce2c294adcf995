import { aCaseEvent, aReceivedPayload } from '@hotline/testing';
import { chainHash, verifyChain, type ChainLink, type HashVersion } from './hash-chain';
import { withoutPersonalData } from './personal-data-form';

const caseId = '2f1d3c4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

function aChain(hashVersion: HashVersion = 2): ChainLink[] {
  const received = aCaseEvent('case.received', aReceivedPayload(), { caseId });
  const signed = aCaseEvent('case.signed', { agencyId: 'agency-chaoyang-jianwai', signedBy: 'op-7' }, { caseId, producer: 'execution', cause: received });
  const closed = aCaseEvent(
    'case.closed',
    { followUp: { reached: true, resolved: true, satisfaction: 'satisfied', note: null, operatorId: 'op-2' }, agencyId: 'agency-chaoyang-jianwai' },
    { caseId, producer: 'feedback', cause: signed },
  );
  const links: ChainLink[] = [];
  let prevHash: string | null = null;
  for (const [index, envelope] of [received, signed, closed].entries()) {
    const hash = chainHash(prevHash, envelope, hashVersion);
    links.push({ position: index + 1, prevHash, hash, envelope: structuredClone(envelope), hashVersion, personalDataErasedAt: null });
    prevHash = hash;
  }
  return links;
}

describe('chainHash', () => {
  const envelope = aCaseEvent('case.received', aReceivedPayload(), { caseId });

  it('is a deterministic SHA-256 in hex', () => {
    expect(chainHash(null, envelope)).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(null, structuredClone(envelope))).toBe(chainHash(null, envelope));
  });

  it('does not depend on the order of keys, as jsonb does not keep it', () => {
    const reordered = Object.fromEntries(Object.entries(envelope).reverse());
    reordered['payload'] = Object.fromEntries(Object.entries(envelope.payload).reverse());
    expect(chainHash('a'.repeat(64), reordered)).toBe(chainHash('a'.repeat(64), envelope));
  });

  it('changes when the payload or the previous hash changes', () => {
    const edited = { ...envelope, payload: { ...envelope.payload, description: '路灯已修好' } };
    expect(chainHash(null, edited)).not.toBe(chainHash(null, envelope));
    expect(chainHash('0'.repeat(64), envelope)).not.toBe(chainHash(null, envelope));
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain', () => {
    expect(verifyChain(aChain())).toEqual({ isIntact: true, eventCount: 3, positionsNotRecomputed: [] });
  });

  it('accepts an empty record', () => {
    expect(verifyChain([])).toEqual({ isIntact: true, eventCount: 0, positionsNotRecomputed: [] });
  });

  it('finds a payload edited after it was recorded', () => {
    const links = aChain();
    const signed = links[1].envelope as { payload: { agencyId: string } };
    signed.payload.agencyId = 'agency-someone-else';
    expect(verifyChain(links)).toMatchObject({ isIntact: false, eventCount: 3, brokenAt: 2 });
  });

  it('finds an edited envelope even when its hash was recomputed, at the next link', () => {
    const links = aChain();
    const first = links[0];
    (first.envelope as { producer: string }).producer = 'audit';
    first.hash = chainHash(null, first.envelope);
    expect(verifyChain(links)).toMatchObject({ isIntact: false, brokenAt: 2 });
  });

  it('stays intact when retention erases the reporter\'s name and phone', () => {
    const links = aChain();
    links[0]!.envelope = withoutPersonalData(links[0]!.envelope);
    links[0]!.personalDataErasedAt = new Date();
    expect((links[0]!.envelope as { payload: { reporter: unknown } }).payload.reporter).toEqual({ name: null, phone: null, confidential: false });
    expect(verifyChain(links)).toEqual({ isIntact: true, eventCount: 3, positionsNotRecomputed: [] });
  });

  it('still covers everything but the contact, the confidentiality flag included', () => {
    const links = aChain();
    (links[0]!.envelope as { payload: { reporter: { confidential: boolean } } }).payload.reporter.confidential = true;
    expect(verifyChain(links)).toMatchObject({ isIntact: false, brokenAt: 1 });
  });

  it('checks a chain recorded before personal data could be erased (hash version 1) in full', () => {
    const links = aChain(1);
    expect(verifyChain(links)).toMatchObject({ isIntact: true, positionsNotRecomputed: [] });
    (links[0]!.envelope as { payload: { reporter: { name: string } } }).payload.reporter.name = '别人';
    expect(verifyChain(links)).toMatchObject({ isIntact: false, brokenAt: 1 });
  });

  it('checks an erased version-1 link by its place in the chain only, and says so', () => {
    const links = aChain(1);
    links[0]!.envelope = withoutPersonalData(links[0]!.envelope);
    links[0]!.personalDataErasedAt = new Date();
    expect(verifyChain(links)).toEqual({ isIntact: true, eventCount: 3, positionsNotRecomputed: [1] });
    links[0]!.hash = 'f'.repeat(64);
    expect(verifyChain(links)).toMatchObject({ isIntact: false, brokenAt: 2 });
  });

  it('finds a removed event', () => {
    const links = aChain();
    links.splice(1, 1);
    expect(verifyChain(links)).toMatchObject({ isIntact: false, brokenAt: 3 });
  });
});
