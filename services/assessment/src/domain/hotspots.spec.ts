import { hotspotsOf } from './hotspots';

describe('hotspotsOf', () => {
  it('orders by this month\'s count and gives each place and category its month-over-month trend', () => {
    const row = (category: string, streetCode: string, count: number) => ({ category, categoryName: category, districtCode: '110105', streetCode, count });
    const hotspots = hotspotsOf(
      [row('noise', '110105001', 5), row('lights', '110105001', 2), row('noise', '110105002', 3), row('bins', '110105003', 3)],
      [row('noise', '110105001', 2), row('lights', '110105001', 4), row('noise', '110105002', 3)],
    );
    expect(hotspots.map((h) => [h.category, h.streetCode, h.count, h.previousCount, h.trend, h.changeRate])).toEqual([
      ['noise', '110105001', 5, 2, 'up', 1.5],
      ['bins', '110105003', 3, 0, 'new', null],
      ['noise', '110105002', 3, 3, 'flat', 0],
      ['lights', '110105001', 2, 4, 'down', -0.5],
    ]);
  });
});
