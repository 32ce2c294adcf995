import { CATEGORIES, CATEGORY_CODES, getCategory, isCategoryCode, type CategoryCode } from './categories';

// The simplest classifier a caller could build: longer keywords weigh more, `other` when nothing hits.
function classify(text: string): CategoryCode {
  const lower = text.toLowerCase();
  let best: CategoryCode = 'other';
  let bestScore = 0;
  for (const category of CATEGORIES) {
    const score = category.keywords.filter((k) => lower.includes(k)).reduce((sum, k) => sum + k.length, 0);
    if (score > bestScore) [best, bestScore] = [category.code, score];
  }
  return best;
}

describe('category catalogue', () => {
  it('has one entry per stable snake_case code', () => {
    expect(CATEGORIES.map((c) => c.code)).toEqual([...CATEGORY_CODES]);
    for (const code of CATEGORY_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(CATEGORIES.length).toBeGreaterThanOrEqual(20);
  });

  it('names every category in Chinese and English', () => {
    for (const c of CATEGORIES) {
      expect(c.name).toMatch(/\p{Script=Han}/u);
      expect(c.nameEn).toMatch(/^[A-Z]/);
    }
  });

  it('marks utilities urgent and gas leaks and safety hazards as emergencies', () => {
    for (const code of ['water_supply', 'power_supply', 'gas_supply', 'heating']) {
      expect(getCategory(code)).toMatchObject({ group: 'utilities', urgency: 'urgent' });
    }
    expect(getCategory('gas_leak')?.urgency).toBe('emergency');
    expect(getCategory('public_safety_hazard')?.urgency).toBe('emergency');
    expect(getCategory('noise')?.urgency).toBe('normal');
  });

  it('gives every category but other at least five keywords, none shared between categories', () => {
    const owner = new Map<string, string>();
    for (const c of CATEGORIES) {
      if (c.code !== 'other') expect(c.keywords.length).toBeGreaterThanOrEqual(5);
      for (const k of c.keywords) {
        expect(k.trim()).toBe(k);
        expect(owner.get(k) ?? c.code).toBe(c.code);
        owner.set(k, c.code);
      }
    }
    expect(getCategory('other')?.keywords).toEqual([]);
  });

  it('recognises codes and rejects unknown ones', () => {
    expect(isCategoryCode('noise')).toBe(true);
    expect(isCategoryCode('toString')).toBe(false);
    expect(getCategory('nope')).toBeUndefined();
  });

  it.each<[string, CategoryCode]>([
    ['我家从早上开始停水，到现在还没有来水', 'water_supply'],
    ['小区突然停电了，冰箱里的东西都坏了', 'power_supply'],
    ['楼道里闻到很重的燃气味，怀疑燃气泄漏', 'gas_leak'],
    ['已经供暖一周了暖气还是不热，室温只有十五度', 'heating'],
    ['燃气表没电了，买了燃气充不进去', 'gas_supply'],
    ['工地每天夜间施工，噪音太大影响休息', 'noise'],
    ['楼顶有人私搭乱建一间彩钢房', 'illegal_construction'],
    ['垃圾桶满了好几天没人清运，味道很大', 'sanitation'],
    ['路口有小贩占道经营摆摊卖水果', 'street_order'],
    ['马路上有个大坑，路面破损严重', 'road_damage'],
    ['这条街的路灯晚上都不亮', 'street_light'],
    ['小区门口乱停车，车位都被外来车占了', 'parking'],
    ['公交车到站不停，司机态度很差', 'traffic'],
    ['物业公司不管事，电梯坏了一个月没修', 'property_management'],
    ['公司拖欠工资三个月，老板联系不上', 'labour_wages'],
    ['孩子就近入学的学校名额不够，幼儿园也报不上', 'education'],
    ['医院挂号太难，看病要排一整天', 'health'],
    ['在超市买到过期食品，商家拒绝退款', 'market_regulation'],
    ['附近工厂偷排废水，河道发黑发臭', 'environment_pollution'],
    ['楼下的大树有枯树枝随时会掉下来，请修剪', 'greening'],
    ['申请公租房审核了半年还没有结果', 'housing'],
    ['家里老人想申请低保，请问需要什么材料', 'civil_affairs'],
    ['There is a burst pipe and no water in our building', 'water_supply'],
    ['请问护照怎么办理', 'other'],
  ])('lets a keyword classifier file "%s" under %s', (text, expected) => {
    expect(classify(text)).toBe(expected);
  });
});
