import type { Request } from 'express';

/**
 * Who a limit counts against: the authenticated principal when the access guard has set one, else the
 * client's address. Never personal data: a principal id, or an address.
 */
export function clientKeyOf(request: Request): string {
  const principal = (request as Request & { principal?: { id?: unknown } }).principal;
  if (typeof principal?.id === 'string' && principal.id !== '') return `principal:${principal.id}`;
  return `address:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`;
}

/** The route as declared (`POST /v1/agencies/:agencyId/cases`), so one limit covers all its paths. */
export function routeKeyOf(request: Request): string {
  const declared = (request.route as { path?: unknown } | undefined)?.path;
  return `${request.method} ${typeof declared === 'string' ? declared : request.path}`;
}
