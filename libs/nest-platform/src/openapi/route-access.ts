import { ACCESS_DECLARATION, type AccessDeclaration } from '@hotline/access';
import type { Type } from '@nestjs/common';

/** Who may call a route, as the authentication layer declares it. */
export interface RouteAccess {
  isPublic: boolean;
  /** Roles of which the caller needs one; empty means any authenticated caller. */
  roles: readonly string[];
}

export interface RouteRef {
  controller: Type;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  handler: Function;
}

/** The security schemes every service declares; which ones a route needs comes from its access. */
export const SECURITY_SCHEMES = {
  ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A system client: a hotline channel, a handling unit\'s integration' },
  BearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A person: centre staff, unit staff, auditors' },
} as const;

/**
 * The one place that reads a route's access rules for the OpenAPI document: the `@Access` or `@Public`
 * declaration the access guard enforces (handler first, then controller). A route without one is
 * refused by the guard; it is documented as needing authentication with no role named.
 */
export function readRouteAccess(route: RouteRef): RouteAccess {
  const declaration = (Reflect.getMetadata(ACCESS_DECLARATION, route.handler) ?? Reflect.getMetadata(ACCESS_DECLARATION, route.controller)) as
    | AccessDeclaration
    | undefined;
  if (declaration?.kind === 'public') return { isPublic: true, roles: [] };
  return { isPublic: false, roles: declaration?.roles ?? [] };
}
/** A route's access as OpenAPI `security` (either scheme, with the roles as scopes, which 3.1 allows) and `x-roles`. */
export function operationSecurity(access: RouteAccess | undefined): { security?: Array<Record<string, string[]>>; 'x-roles'?: string[] } {
  if (!access) return {};
  if (access.isPublic) return { security: [] };
  const roles = [...access.roles].sort();
  return {
    security: Object.keys(SECURITY_SCHEMES).map((scheme) => ({ [scheme]: roles })),
    ...(roles.length > 0 ? { 'x-roles': roles } : {}),
  };
}
