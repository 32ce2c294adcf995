import type { AccessDeclaration } from './access.decorators';
import type { Principal } from './principal';

export type Authorisation = { ok: true } | { ok: false; reason: string };

/** Whether a principal may call a restricted route: one of its roles, and for a client, the key's scope. */
export function authorise(principal: Principal, declaration: Extract<AccessDeclaration, { kind: 'restricted' }>): Authorisation {
  if (!principal.roles.some((role) => declaration.roles.includes(role))) {
    return { ok: false, reason: `roles [${principal.roles.join(',')}] lack ${declaration.operation}` };
  }
  if (principal.kind === 'client' && !(principal.scopes?.operations ?? []).includes(declaration.operation)) {
    return { ok: false, reason: `API key scope lacks ${declaration.operation}` };
  }
  return { ok: true };
}

/** For a client, whether its key may submit on this intake channel; people are not bound to channels. */
export function isChannelAllowed(principal: Principal, channel: string): boolean {
  return principal.kind !== 'client' || (principal.scopes?.channels ?? []).includes(channel);
}
