/** The roles of issue 6. `admin` is not implied anywhere: each route lists the roles it admits. */
export const ROLES = [
  'hotline_client',
  'dispatcher',
  'unit_operator',
  'follow_up_operator',
  'inspector',
  'auditor',
  'supervisor',
  'admin',
  // 仲裁: decides a dispute once a case has been returned too often (issue 7 §2).
  'arbitrator',
] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** What a machine client's API key may do: operations (as routes declare them) and intake channels. */
export interface ApiKeyScopes {
  operations: readonly string[];
  channels: readonly string[];
}

/** Who is calling, as established by the access guard. Never carries a person's name or phone. */
export interface Principal {
  /** `user:<username>`, `client:<clientId>` or `oidc:<issuer subject>`; rate limits and logs key on it. */
  id: string;
  kind: 'user' | 'client';
  roles: readonly Role[];
  /** The handling unit a unit_operator acts for (承办单位). */
  agencyId?: string;
  /** A supervisor's place in the city–district–street hierarchy: 6-digit city/district or 9-digit street code. */
  regionCode?: string;
  /** Present for API-key clients only. */
  scopes?: ApiKeyScopes;
}

export type SupervisorLevel = 'city' | 'district' | 'street';

/** Administrative codes: `110000` the city, `110105` a district, `110105001` a street/township. */
export function supervisorLevel(regionCode: string): SupervisorLevel {
  if (regionCode.length === 9) return 'street';
  return regionCode.endsWith('0000') ? 'city' : 'district';
}

/** Whether a supervisor scoped to `regionCode` may see a case placed in this district/street. */
export function isWithinRegion(regionCode: string, place: { districtCode: string | null; streetCode: string | null }): boolean {
  switch (supervisorLevel(regionCode)) {
    case 'city':
      return true;
    case 'district':
      return place.districtCode === regionCode;
    case 'street':
      return place.streetCode === regionCode;
  }
}

export const hasRole = (principal: Principal, ...roles: readonly Role[]): boolean => principal.roles.some((role) => roles.includes(role));
