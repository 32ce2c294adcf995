import { boundingBox, distanceMetres, duplicateScore, findDuplicate, textSimilarity, type NewRequest, type OpenCase } from './repeat-request';

const settings = { radiusMetres: 50, windowHours: 72 };
const thresholds = { merge: 0.85, flag: 0.6 };
const now = new Date('2026-12-02T10:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
// One metre of latitude, in degrees.
const METRE = 1 / 111_195;
const spot = { lat: 39.9087, lon: 116.4605 };
const metresNorth = (m: number) => ({ lat: spot.lat + m * METRE, lon: spot.lon });
const open = (over: Partial<OpenCase>): OpenCase => ({
  caseId: 'parent',
  category: 'street_light',
  districtCode: '110105',
  position: spot,
  text: '路灯不亮\n朝阳区建国路88号小区门口的路灯坏了一周，晚上很黑。',
  receivedAt: hoursAgo(5),
  ...over,
});
const repeat: NewRequest = {
  category: 'street_light',
  districtCode: '110105',
  position: metresNorth(10),
  text: '路灯不亮\n朝阳区建国路88号小区门口的路灯坏了一周,晚上很黑!',
  receivedAt: now,
};

describe('textSimilarity', () => {
  it('is 1 for the same wording whatever the punctuation, and low for another matter', () => {
    expect(textSimilarity('路灯坏了，很黑。', '路灯坏了 很黑')).toBe(1);
    expect(textSimilarity('路灯坏了一周', '楼下广场舞噪音扰民')).toBe(0);
  });
});

describe('distanceMetres and boundingBox', () => {
  it('measures metres on the ground, and the box holds every point of the radius', () => {
    expect(distanceMetres(spot, metresNorth(100))).toBeCloseTo(100, 0);
    const east = { lat: spot.lat, lon: spot.lon + 0.001 };
    // A thousandth of a degree of longitude at Beijing's latitude is about 85 m.
    expect(distanceMetres(spot, east)).toBeGreaterThan(84);
    expect(distanceMetres(spot, east)).toBeLessThan(86);
    const box = boundingBox(spot, 85.5);
    expect(east.lon).toBeLessThanOrEqual(box.maxLon);
    expect(metresNorth(85).lat).toBeLessThanOrEqual(box.maxLat);
    expect(metresNorth(90).lat).toBeGreaterThan(box.maxLat);
  });
});

describe('duplicateScore', () => {
  it('weighs text 0.6, place 0.25 and time 0.15 when both positions are known', () => {
    const scored = duplicateScore(repeat, open({}), settings)!;
    const text = textSimilarity(repeat.text, open({}).text);
    expect(scored.distanceMetres).toBeCloseTo(10, 0);
    expect(scored.score).toBeCloseTo(0.6 * text + 0.25 * (1 - 10 / 50) + 0.15 * (1 - 5 / 72), 3);
  });

  it('compares by district, on text and time only, when either case has no position', () => {
    const scored = duplicateScore({ ...repeat, position: null }, open({}), settings)!;
    const text = textSimilarity(repeat.text, open({}).text);
    expect(scored.distanceMetres).toBeNull();
    expect(scored.score).toBeCloseTo((0.6 * text + 0.15 * (1 - 5 / 72)) / 0.75, 3);
    expect(duplicateScore(repeat, open({ position: null }), settings)?.distanceMetres).toBeNull();
    expect(duplicateScore({ ...repeat, position: null }, open({ districtCode: '110108' }), settings)).toBeNull();
    expect(duplicateScore({ ...repeat, position: null, districtCode: null }, open({ districtCode: null }), settings)).toBeNull();
  });

  it('takes only open cases of the category, inside the radius and window, received before the request', () => {
    expect(duplicateScore(repeat, open({ category: 'road_damage' }), settings)).toBeNull();
    expect(duplicateScore({ ...repeat, position: metresNorth(49) }, open({}), settings)).not.toBeNull();
    expect(duplicateScore({ ...repeat, position: metresNorth(51) }, open({}), settings)).toBeNull();
    expect(duplicateScore({ ...repeat, position: metresNorth(51) }, open({}), { ...settings, radiusMetres: 200 })).not.toBeNull();
    expect(duplicateScore(repeat, open({ receivedAt: hoursAgo(71) }), settings)).not.toBeNull();
    expect(duplicateScore(repeat, open({ receivedAt: hoursAgo(73) }), settings)).toBeNull();
    expect(duplicateScore(repeat, open({ receivedAt: hoursAgo(-1) }), settings)).toBeNull();
    // A position across a district line still counts: place decides, not the district.
    expect(duplicateScore(repeat, open({ districtCode: '110101' }), settings)).not.toBeNull();
    expect(duplicateScore(repeat, open({}), { ...settings, windowHours: 0 })).toBeNull();
  });

  it('halves the text signal of a request naming other numbers (house, plate)', () => {
    const nextDoor = { ...repeat, text: repeat.text.replace('88号', '86号') };
    const scored = duplicateScore(nextDoor, open({}), settings)!;
    expect(scored.score).toBeCloseTo(0.6 * 0.5 * scored.textSimilarity + 0.25 * (1 - 10 / 50) + 0.15 * (1 - 5 / 72), 3);
  });
});

describe('findDuplicate', () => {
  it('merges a near-identical report from the same spot into the open case', () => {
    expect(findDuplicate(repeat, [open({})], settings, thresholds)).toMatchObject({ caseId: 'parent', band: 'merge' });
  });

  it('flags, not merges, a report that adds something new or names another number', () => {
    const more = { ...repeat, text: `${repeat.text}现在旁边的井盖也被人偷走了，孩子差点掉进去` };
    expect(findDuplicate(more, [open({})], settings, thresholds)).toMatchObject({ caseId: 'parent', band: 'flag' });
    const nextDoor = { ...repeat, text: repeat.text.replace('88号', '86号') };
    expect(findDuplicate(nextDoor, [open({})], settings, thresholds)).toMatchObject({ band: 'flag' });
  });

  it('neither merges nor flags another matter at the same spot, or anything outside the category settings', () => {
    const other = { ...repeat, text: '建国路口的灯杆被车撞歪了，随时可能倒下' };
    expect(findDuplicate(other, [open({})], settings, thresholds)).toBeNull();
    expect(findDuplicate({ ...repeat, position: metresNorth(120) }, [open({})], settings, thresholds)).toBeNull();
    // Noise carries: the same text 120 m away is a candidate under noise's 200 m, flagged (far into the radius), and merged at 20 m.
    const noise = { radiusMetres: 200, windowHours: 24 };
    expect(findDuplicate({ ...repeat, position: metresNorth(120) }, [open({})], noise, thresholds)).toMatchObject({ band: 'flag' });
    expect(findDuplicate({ ...repeat, position: metresNorth(20) }, [open({})], noise, thresholds)).toMatchObject({ band: 'merge' });
  });

  it('moves cases between bands with the thresholds', () => {
    const score = duplicateScore(repeat, open({}), settings)!.score;
    expect(findDuplicate(repeat, [open({})], settings, { merge: score + 0.01, flag: score - 0.01 })?.band).toBe('flag');
    expect(findDuplicate(repeat, [open({})], settings, { merge: score + 0.02, flag: score + 0.01 })).toBeNull();
  });

  it('prefers the highest score: the nearer, then the more recent open case', () => {
    const nearer = [open({ caseId: 'far', position: metresNorth(40) }), open({ caseId: 'near', position: metresNorth(11) })];
    expect(findDuplicate(repeat, nearer, settings, thresholds)?.caseId).toBe('near');
    const recent = [open({ caseId: 'older', receivedAt: hoursAgo(30) }), open({ caseId: 'newer', receivedAt: hoursAgo(2) })];
    expect(findDuplicate(repeat, recent, settings, thresholds)?.caseId).toBe('newer');
  });
});
