import { CASE_STATUSES, type CaseStatus } from '@hotline/case-lifecycle';
import { decideMerge, mergeTargetOf, type MergeFlag } from './merge-decision';

const caseId = '11111111-1111-4111-8111-111111111111';
const parentId = '22222222-2222-4222-8222-222222222222';
const otherId = '33333333-3333-4333-8333-333333333333';
const openFlag: MergeFlag = { status: 'open', duplicateOfCaseId: parentId, mergedIntoCaseId: null, decidedBy: null };

const decide = (overrides: Partial<Parameters<typeof decideMerge>[0]> = {}) =>
  decideMerge({ caseId, caseStatus: 'dispatched', flag: openFlag, requestedIntoCaseId: undefined, parentStatus: 'signed', ...overrides });

describe('decideMerge (并案 confirmed by a dispatcher)', () => {
  it.each(['classified', 'dispatched', 'signed'] as const)('merges a flagged %s case into its open parent', (caseStatus) => {
    expect(decide({ caseStatus })).toEqual({ kind: 'merge', from: caseStatus, to: 'merged', intoCaseId: parentId });
  });

  it.each(['classified', 'dispatched', 'signed', 'dispute_pending', 'extension_pending', 'feedback_submitted', 'feedback_approved', 'awaiting_follow_up', 'reopened'] as const)(
    'takes a %s parent as open',
    (parentStatus) => {
      expect(decide({ parentStatus })).toMatchObject({ kind: 'merge' });
    },
  );

  it('merges into another case a dispatcher names rather than the one it was flagged against', () => {
    expect(mergeTargetOf(openFlag, otherId)).toBe(otherId);
    expect(mergeTargetOf(openFlag, undefined)).toBe(parentId);
    expect(decide({ requestedIntoCaseId: otherId })).toMatchObject({ kind: 'merge', intoCaseId: otherId });
  });

  it('answers a confirmation made before again as it was', () => {
    const merged: MergeFlag = { status: 'merged', duplicateOfCaseId: parentId, mergedIntoCaseId: parentId, decidedBy: 'user:a' };
    expect(decide({ flag: merged, caseStatus: 'merged', parentStatus: 'closed' })).toEqual({ kind: 'already_merged', intoCaseId: parentId });
    expect(decide({ flag: merged, caseStatus: 'merged', requestedIntoCaseId: parentId })).toEqual({ kind: 'already_merged', intoCaseId: parentId });
  });

  it('refuses a case dispatch never saw, and one it saw but nobody flagged', () => {
    expect(decide({ caseStatus: null, flag: null })).toMatchObject({ kind: 'refused', error: { code: 'CASE.NOT_FOUND' } });
    expect(decide({ flag: null })).toMatchObject({ kind: 'refused', error: { code: 'MERGE.NOT_FLAGGED' } });
  });

  it('refuses a case merged into another one, and a flag already dismissed', () => {
    const merged: MergeFlag = { status: 'merged', duplicateOfCaseId: parentId, mergedIntoCaseId: otherId, decidedBy: 'user:a' };
    expect(decide({ flag: merged, caseStatus: 'merged' })).toMatchObject({ kind: 'refused', error: { code: 'MERGE.ALREADY_MERGED', message: expect.stringContaining(otherId) } });
    expect(decide({ flag: merged, caseStatus: 'merged', requestedIntoCaseId: otherId })).toEqual({ kind: 'already_merged', intoCaseId: otherId });
    expect(decide({ caseStatus: 'merged' })).toMatchObject({ kind: 'refused', error: { code: 'MERGE.ALREADY_MERGED' } });
    const dismissed: MergeFlag = { ...openFlag, status: 'dismissed', decidedBy: 'user:b' };
    expect(decide({ flag: dismissed })).toMatchObject({ kind: 'refused', error: { code: 'POSSIBLE_DUPLICATE.CONFLICT', message: expect.stringContaining('user:b') } });
  });

  it.each(['closed', 'under_appeal', 'answered', 'declined', 'transferred'] as const)('refuses a case that has ended (%s)', (caseStatus) => {
    expect(decide({ caseStatus })).toMatchObject({ kind: 'refused', error: { code: 'MERGE.CASE_CLOSED' } });
  });

  it.each(['dispute_pending', 'extension_pending', 'feedback_submitted', 'feedback_approved', 'awaiting_follow_up', 'reopened'] as const)(
    'refuses a case whose unit has a return, an extension or a reply pending, or that is reopened (%s)',
    (caseStatus) => {
      expect(decide({ caseStatus })).toMatchObject({ kind: 'refused', error: { code: 'CASE.ILLEGAL_TRANSITION', message: expect.stringContaining(caseStatus) } });
    },
  );

  it.each([null, 'merged', 'closed', 'under_appeal', 'answered'] as const)('refuses a parent that is not open (%s)', (parentStatus) => {
    expect(decide({ parentStatus })).toMatchObject({ kind: 'refused', error: { code: 'MERGE.PARENT_NOT_OPEN', message: expect.stringContaining(parentId) } });
  });

  it('merges from exactly the statuses the lifecycle allows case.merged from', () => {
    const mergeable = CASE_STATUSES.filter((caseStatus: CaseStatus) => decide({ caseStatus }).kind === 'merge');
    expect(mergeable).toEqual(['received', 'classified', 'dispatched', 'signed']);
  });
});
