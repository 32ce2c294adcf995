import { findRepeatedCase, textSimilarity, type OpenCase } from './repeat-request';

const policy = { windowHours: 72, minSimilarity: 0.85 };
const now = new Date('2026-12-02T10:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const open = (over: Partial<OpenCase>): OpenCase => ({
  caseId: 'parent',
  category: 'street_light',
  districtCode: '110105',
  text: '路灯不亮\n朝阳区建国路88号小区门口的路灯坏了一周，晚上很黑。',
  receivedAt: hoursAgo(5),
  ...over,
});
const repeat = { category: 'street_light', districtCode: '110105', text: '路灯不亮\n朝阳区建国路88号小区门口的路灯坏了一周,晚上很黑!', receivedAt: now };

describe('textSimilarity', () => {
  it('is 1 for the same wording whatever the punctuation, and low for another matter', () => {
    expect(textSimilarity('路灯坏了，很黑。', '路灯坏了 很黑')).toBe(1);
    expect(textSimilarity('路灯坏了一周', '楼下广场舞噪音扰民')).toBe(0);
  });
});

describe('findRepeatedCase', () => {
  it('merges a near-identical request into the open case of the same category and district', () => {
    expect(findRepeatedCase(repeat, [open({})], policy)).toMatchObject({ caseId: 'parent' });
  });

  it('does not merge a request that adds something new', () => {
    const more = { ...repeat, text: `${repeat.text}现在旁边的井盖也被人偷走了，孩子差点掉进去，请尽快处理` };
    expect(findRepeatedCase(more, [open({})], policy)).toBeNull();
  });

  it('does not merge a request about another number (house, plate), however alike the wording', () => {
    const nextDoor = { ...repeat, text: repeat.text.replace('88号', '86号') };
    expect(findRepeatedCase(nextDoor, [open({})], policy)).toBeNull();
  });

  it('does not merge across categories, districts, outside the window, or without a district', () => {
    expect(findRepeatedCase(repeat, [open({ category: 'road_damage' })], policy)).toBeNull();
    expect(findRepeatedCase(repeat, [open({ districtCode: '110108' })], policy)).toBeNull();
    expect(findRepeatedCase(repeat, [open({ receivedAt: hoursAgo(73) })], policy)).toBeNull();
    expect(findRepeatedCase({ ...repeat, districtCode: null }, [open({ districtCode: null })], policy)).toBeNull();
  });

  it('prefers the most similar, then the oldest, open case', () => {
    const cases = [open({ caseId: 'newer', receivedAt: hoursAgo(1) }), open({ caseId: 'older', receivedAt: hoursAgo(10) })];
    expect(findRepeatedCase(repeat, cases, policy)?.caseId).toBe('older');
  });
});
