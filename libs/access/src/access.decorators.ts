import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from './principal';

export const ACCESS_DECLARATION = 'hotline:access';

export type AccessDeclaration =
  | { kind: 'public' }
  | {
      kind: 'restricted';
      roles: readonly Role[];
      /** The operation an API key's scopes must name for a client to call the route, e.g. `cases.create`. */
      operation: string;
    };

/**
 * Every HTTP route declares who may call it; the access guard refuses a route without a declaration.
 * Routes that act on one case check the unit or region scope themselves and answer 404 outside it.
 */
export const Access = (declaration: { roles: readonly Role[]; operation: string }) =>
  SetMetadata(ACCESS_DECLARATION, { kind: 'restricted', ...declaration } satisfies AccessDeclaration);

/** Health, metrics, docs and sign-in: no credentials needed. */
export const Public = () => SetMetadata(ACCESS_DECLARATION, { kind: 'public' } satisfies AccessDeclaration);

export const API_KEY_PARAMETER = 'hotline:api-key-parameter';

/**
 * The route also takes the API key as a query or form parameter of this name (Open311 GeoReport v2
 * sends `api_key`), besides the `X-API-Key` header, which wins when both are sent.
 */
export const AcceptsApiKeyParameter = (name = 'api_key') => SetMetadata(API_KEY_PARAMETER, name);

export interface RequestWithPrincipal {
  principal?: Principal;
}

/** The authenticated caller of a restricted route. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  // The guard runs before parameter decorators; a restricted route always has one.
  if (!principal) throw new Error('CurrentPrincipal used on a route without an authenticated principal');
  return principal;
});
