import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ACCESS_DECLARATION, API_KEY_PARAMETER, authorise, type AccessDeclaration, type Authenticator, type RequestWithPrincipal } from '@hotline/access';
import { nameHttpRoute } from '@hotline/observability';
import { AppError } from '../errors/app-error';
import { AUTHENTICATOR } from '../runtime/tokens';

const firstText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;

// The query, else the parsed form body (urlencoded, or multipart parsed by the route's middleware).
function apiKeyParameterOf(request: Request, name: string): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  return firstText((request.query as Record<string, unknown>)[name]) ?? (body && typeof body === 'object' ? firstText(body[name]) : undefined);
}

/**
 * Every HTTP request: authenticate (`X-API-Key`, or the route's API key parameter, or `Authorization: Bearer`), then authorise by the
 * route's declaration. Deny by default: a route that declares nothing is refused. Kafka consumers
 * are not HTTP and pass through.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    // The first code that every routed request reaches: its trace span is named after the route here,
    // so a refused request is named too.
    nameHttpRoute(request);
    const declaration = this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_DECLARATION, [context.getHandler(), context.getClass()]);
    if (!declaration) throw AppError.denied('AUTH.FORBIDDEN', 'This route is not open to anyone.', 'route has no access declaration');
    if (declaration.kind === 'public') return true;
    const keyParameter = this.reflector.getAllAndOverride<string | undefined>(API_KEY_PARAMETER, [context.getHandler(), context.getClass()]);
    const authentication = await this.authenticator.authenticate({
      apiKey: request.header('x-api-key') ?? (keyParameter ? apiKeyParameterOf(request, keyParameter) : undefined),
      authorization: request.header('authorization'),
    });
    if (!authentication.ok) {
      throw AppError.denied('AUTH.UNAUTHENTICATED', 'Send a valid X-API-Key or Authorization: Bearer token.', authentication.reason, {
        wasPresented: authentication.wasPresented,
      });
    }
    request.principal = authentication.principal;
    const authorisation = authorise(authentication.principal, declaration);
    if (!authorisation.ok) throw AppError.denied('AUTH.FORBIDDEN', `Your roles do not allow ${declaration.operation}.`, authorisation.reason);
    return true;
  }
}
