import { AGENCIES, CITY_DEPARTMENTS, UTILITIES, getAgency, streetOfficesOfDistrict } from './agencies';
import { DISTRICTS, getStreet } from './districts';

describe('agencies', () => {
  it('gives every agency a unique readable id', () => {
    const ids = AGENCIES.map((a) => a.agencyId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(gov-\d{6}|street-\d{9}|city-[a-z-]+|utility-[a-z]+)$/);
  });

  it('has a district government and three or four real street offices in every district', () => {
    for (const d of DISTRICTS) {
      expect(getAgency(`gov-${d.adcode}`)).toMatchObject({ kind: 'district_government', districtCode: d.adcode, parentAgencyId: null });
      const offices = streetOfficesOfDistrict(d.adcode);
      expect(offices.length).toBeGreaterThanOrEqual(3);
      expect(offices.length).toBeLessThanOrEqual(4);
      for (const office of offices) {
        const street = getStreet(office.streetCode ?? '');
        expect(street?.districtCode).toBe(d.adcode);
        expect(office).toMatchObject({ kind: 'street_office', parentAgencyId: `gov-${d.adcode}`, agencyId: `street-${street?.code}` });
        expect(office.name).toBe(`${d.name}${street?.name}办事处`);
      }
    }
    expect(getAgency('gov-110105')?.name).toBe('北京市朝阳区人民政府');
    expect(getAgency('street-110105001')?.name).toBe('朝阳区建外街道办事处');
  });

  it('lists city departments and the four utilities as city-wide units', () => {
    for (const a of [...CITY_DEPARTMENTS, ...UTILITIES]) expect(a).toMatchObject({ districtCode: null, parentAgencyId: null, streetCode: null });
    expect(CITY_DEPARTMENTS.length).toBeGreaterThanOrEqual(9);
    expect(UTILITIES.map((u) => u.agencyId).sort()).toEqual(['utility-gas', 'utility-heating', 'utility-power', 'utility-water']);
    expect(getAgency('city-urban-management')?.name).toBe('北京市城市管理委员会');
  });

  it('points every parent at an existing district government', () => {
    for (const a of AGENCIES.filter((x) => x.parentAgencyId !== null)) {
      expect(getAgency(a.parentAgencyId ?? '')?.kind).toBe('district_government');
    }
  });
});
