import { INVALID_SPAN_CONTEXT, ROOT_CONTEXT, context, trace } from '@opentelemetry/api';
import { RPCType, setRPCMetadata, type RPCMetadata } from '@opentelemetry/core';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { nameHttpRoute } from './http-route';

describe('nameHttpRoute', () => {
  const provider = new NodeTracerProvider();
  beforeAll(() => provider.register());
  afterAll(async () => {
    await provider.shutdown();
    context.disable();
  });

  const inRequest = (metadata: RPCMetadata, run: () => void) => context.with(setRPCMetadata(ROOT_CONTEXT, metadata), run);
  const httpMetadata = (): RPCMetadata => ({ type: RPCType.HTTP, span: trace.wrapSpanContext(INVALID_SPAN_CONTEXT) });

  it("sets the matched route, under its router's mount point, on the request's RPC metadata", () => {
    const metadata = httpMetadata();
    inRequest(metadata, () => nameHttpRoute({ baseUrl: '', route: { path: '/v1/cases/:id' } }));
    expect(metadata.route).toBe('/v1/cases/:id');

    const mounted = httpMetadata();
    inRequest(mounted, () => nameHttpRoute({ baseUrl: '/open311', route: { path: '/requests.json' } }));
    expect(mounted.route).toBe('/open311/requests.json');
  });

  it('leaves a request that no route matched alone, and does nothing outside an HTTP request', () => {
    const unmatched = httpMetadata();
    inRequest(unmatched, () => nameHttpRoute({ baseUrl: '' }));
    expect(unmatched.route).toBeUndefined();

    expect(() => nameHttpRoute({ route: { path: '/v1/cases' } })).not.toThrow();
  });
});
