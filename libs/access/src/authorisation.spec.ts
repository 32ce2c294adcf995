import { authorise, isChannelAllowed } from './authorisation';
import { isWithinRegion, supervisorLevel, type Principal } from './principal';

const route = { kind: 'restricted' as const, roles: ['hotline_client', 'dispatcher'] as const, operation: 'cases.create' };
const client = (operations: string[], channels: string[] = ['phone']): Principal => ({
  id: 'client:test',
  kind: 'client',
  roles: ['hotline_client'],
  scopes: { operations, channels },
});

describe('authorise', () => {
  it('admits a person with one of the route roles', () => {
    expect(authorise({ id: 'user:d', kind: 'user', roles: ['dispatcher'] }, route)).toEqual({ ok: true });
  });

  it('refuses a person without any of them, admin included when the route does not list it', () => {
    expect(authorise({ id: 'user:a', kind: 'user', roles: ['admin'] }, route).ok).toBe(false);
  });

  it('admits a client only when its key is scoped to the operation', () => {
    expect(authorise(client(['cases.create']), route).ok).toBe(true);
    expect(authorise(client(['cases.read']), route).ok).toBe(false);
  });

  it('binds clients, and only clients, to their channels', () => {
    expect(isChannelAllowed(client(['cases.create'], ['phone']), 'web')).toBe(false);
    expect(isChannelAllowed(client(['cases.create'], ['phone']), 'phone')).toBe(true);
    expect(isChannelAllowed({ id: 'user:d', kind: 'user', roles: ['dispatcher'] }, 'web')).toBe(true);
  });
});

describe('supervisor regions', () => {
  it('reads the level from the administrative code', () => {
    expect(supervisorLevel('110000')).toBe('city');
    expect(supervisorLevel('110105')).toBe('district');
    expect(supervisorLevel('110105001')).toBe('street');
  });

  it('lets a district supervisor see its district and its streets, and a street supervisor its street only', () => {
    const inJianwai = { districtCode: '110105', streetCode: '110105001' };
    expect(isWithinRegion('110105', inJianwai)).toBe(true);
    expect(isWithinRegion('110108', inJianwai)).toBe(false);
    expect(isWithinRegion('110105001', inJianwai)).toBe(true);
    expect(isWithinRegion('110105002', inJianwai)).toBe(false);
    expect(isWithinRegion('110000', { districtCode: null, streetCode: null })).toBe(true);
  });
});
