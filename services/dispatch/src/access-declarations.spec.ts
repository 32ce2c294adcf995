import { httpRoutesOf } from '@hotline/access';
import { createLogger } from '@hotline/observability';
import { AppModule } from './app.module';
import { loadDispatchConfig } from './config/dispatch-config';

describe('dispatch access declarations', () => {
  it('declares who may call every HTTP route, so none is open by omission', () => {
    const routes = httpRoutesOf(AppModule.register(loadDispatchConfig({}), createLogger('dispatch', 'silent')));
    expect(routes.map((route) => route.route)).toContain('GET /health/live');
    expect(routes.filter((route) => !route.isDeclared).map((route) => route.route)).toEqual([]);
  });
});
