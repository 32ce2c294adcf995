import { context } from '@opentelemetry/api';
import { RPCType, getRPCMetadata } from '@opentelemetry/core';

/** What this needs of an Express request: the route that matched, and where its router is mounted. */
export interface RoutedRequest {
  baseUrl?: string;
  route?: { path?: unknown };
}

/**
 * Gives the HTTP server span of the request in progress its route: the span is then named
 * "POST /v1/cases/:id" rather than "POST", and the span and the request metrics carry `http.route`.
 * The HTTP instrumentation reads the route from the context's RPC metadata when the response ends.
 * Call it once routing is done; a request no route matched keeps the method alone.
 */
export function nameHttpRoute(request: RoutedRequest): void {
  const path = request.route?.path;
  if (typeof path !== 'string') return;
  const metadata = getRPCMetadata(context.active());
  if (metadata?.type === RPCType.HTTP) metadata.route = `${request.baseUrl ?? ''}${path}`;
}
