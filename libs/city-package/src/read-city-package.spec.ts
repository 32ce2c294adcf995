import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatProblem } from './import-problem';
import { readCityPackage } from './read-city-package';

const DEMO = resolve(__dirname, '../../../deploy/cities/beijing-demo');

describe('readCityPackage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'city-'));
    cpSync(DEMO, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const problemsOf = (path: string) => {
    const result = readCityPackage(path);
    return result.ok ? [] : result.problems.map(formatProblem);
  };
  const edit = (file: string, change: (text: string) => string) => writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

  it('reads the demo city: 16 districts, its units, categories, catalogue and time limits', () => {
    const result = readCityPackage(DEMO);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    const { city } = result;
    expect(city.manifest).toMatchObject({ cityId: 'beijing-demo', datum: 'GCJ-02', timeZone: 'Asia/Shanghai' });
    expect(city.boundaries.filter((b) => b.level === 'district')).toHaveLength(16);
    expect(city.boundaries.filter((b) => b.level === 'street').length).toBeGreaterThan(300);
    expect(city.boundaries.find((b) => b.level === 'grid')).toMatchObject({ code: expect.stringMatching(/^\d{15}$/), geometry: { type: 'Polygon' } });
    expect(city.gazetteer.find((g) => g.name === '东城区')).toMatchObject({ kind: 'district', isFullName: true, position: null, districtCode: '110101' });
    expect(city.components[0]).toMatchObject({ code: expect.stringMatching(/^\d{16}$/), majorClass: '01', ownerUnitId: expect.any(String) });
    expect(city.units.find((u) => u.unitId === 'utility-gas')).toMatchObject({ kind: 'utility', districtCode: null });
    expect(city.categories.find((c) => c.code === 'gas_leak')).toMatchObject({ parentCode: 'safety', urgency: 'emergency' });
    expect(city.catalogue.length).toBeGreaterThan(100);
    expect(city.slaProfiles[0]?.byUrgency.emergency).toEqual({ amount: 2, unit: 'clock_hours' });
    expect(city.knowledge[0]?.entryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(city.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(readCityPackage(DEMO).ok && (readCityPackage(DEMO) as { city: { digest: string } }).city.digest).toBe(city.digest);
  });

  it('reports every problem with its file, line and field, and returns no city', () => {
    edit('units.csv', (text) => text.replace('utility-gas,北京燃气集团,utility', 'utility-gas,北京燃气集团,gas_company'));
    edit('catalogue.csv', (text) => `${text}extra-rule,no_such_category,110105,nobody\n`);
    edit('sla-profiles.csv', (text) => text.replace('default,默认时限 Default time limits,urgent,24,clock_hours', 'default,默认时限 Default time limits,urgent,-1,fortnights'));
    const lines = readFileSync(join(dir, 'catalogue.csv'), 'utf8').trimEnd().split('\n').length;
    const unitLine = readFileSync(join(dir, 'units.csv'), 'utf8').split('\n').findIndex((line) => line.startsWith('utility-gas,')) + 1;
    const problems = problemsOf(dir);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^units\\.csv:${unitLine} kind: `)),
        `catalogue.csv:${lines} category: no category in taxonomy.csv has the code, path or name "no_such_category"`,
        `catalogue.csv:${lines} unit_id: no unit has the id "nobody" (units.csv)`,
        expect.stringMatching(/^sla-profiles\.csv:3 amount: must be positive/),
        expect.stringMatching(/^sla-profiles\.csv:3 unit: /),
      ]),
    );
    // utility-gas was refused, so the rules that route to it name an unknown unit too.
    expect(problems.filter((p) => p.includes('"utility-gas"')).length).toBeGreaterThan(0);
  });

  it('checks boundaries: code widths, parents and closed rings', () => {
    const districts = JSON.parse(readFileSync(join(dir, 'boundaries/districts.geojson'), 'utf8'));
    // Streets as outlines this time: no names-only file, and no communities or grids below them.
    for (const file of ['streets.csv', 'communities.csv', 'grids.geojson']) rmSync(join(dir, 'boundaries', file));
    for (const file of ['gazetteer.csv', 'components.csv']) rmSync(join(dir, file));
    const square = (x: number, y: number, d: number) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
    writeFileSync(
      join(dir, 'boundaries/streets.geojson'),
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { code: '110105001', name: '建外街道' }, geometry: { type: 'Polygon', coordinates: square(116.44, 39.9, 0.02) } },
          { type: 'Feature', properties: { code: '99999900', name: 'too short' }, geometry: { type: 'Polygon', coordinates: square(116.44, 39.9, 0.02) } },
          { type: 'Feature', properties: { code: '999999001', name: 'nowhere' }, geometry: { type: 'Polygon', coordinates: square(116.44, 39.9, 0.02) } },
          { type: 'Feature', properties: { code: '110105002', name: 'open ring' }, geometry: { type: 'Polygon', coordinates: [[[116, 39], [116.1, 39], [116.1, 39.1], [116, 39.1]]] } },
        ],
      }),
    );
    expect(districts.features).toHaveLength(16);
    expect(problemsOf(dir)).toEqual([
      'boundaries/streets.geojson features[1].properties.code: must be 9 digits',
      'boundaries/streets.geojson features[2].properties.code: 999999001 lies in 999999, which the level above does not have',
      'boundaries/streets.geojson features[3].geometry.coordinates.0: a ring must end where it starts',
    ]);
  });

  it('reads a taxonomy given as levels, like the complaints taxonomy, and names categories by path', () => {
    writeFileSync(join(dir, 'taxonomy.csv'), '一级分类,二级分类,三级分类\n城乡建设,市政设施,路灯\n城乡建设,市政设施,井盖\n城乡建设,住房保障,\n交通运输,,\n');
    writeFileSync(join(dir, 'catalogue.csv'), 'rule_id,category,district_code,unit_id\nlights,城乡建设/市政设施/路灯,,city-urban-management\ntraffic,交通运输,,city-transport\n');
    writeFileSync(join(dir, 'knowledge.csv'), 'question,answer,unit_id\n路灯坏了找谁？,拨打12345。,city-urban-management\n');
    writeFileSync(join(dir, 'open311-attributes.json'), JSON.stringify([{ serviceCode: '路灯', code: 'pole_number', datatype: 'string', isRequired: false, description: '灯杆编号' }]));
    const result = readCityPackage(dir);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.city.categories.map((c) => [c.code, c.parentCode, c.name])).toEqual([
      ['01', null, '城乡建设'],
      ['01.01', '01', '市政设施'],
      ['01.01.01', '01.01', '路灯'],
      ['01.01.02', '01.01', '井盖'],
      ['01.02', '01', '住房保障'],
      ['02', null, '交通运输'],
    ]);
    expect(result.city.catalogue.map((r) => r.category)).toEqual(['01.01.01', '02']);
    expect(result.city.open311Attributes[0]).toMatchObject({ serviceCode: '01.01.01', values: [] });
  });

  it('says which file is missing', () => {
    rmSync(join(dir, 'units.csv'));
    expect(problemsOf(dir)).toContain(`units.csv: the file is missing from ${dir}`);
  });
});
