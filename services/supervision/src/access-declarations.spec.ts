import { httpRoutesOf } from '@hotline/access';
import { createLogger } from '@hotline/observability';
import { AppModule } from './app.module';
import { loadSupervisionConfig } from './config/supervision-config';

describe('supervision access declarations', () => {
  it('declares who may call every HTTP route, so none is open by omission', () => {
    const routes = httpRoutesOf(AppModule.register(loadSupervisionConfig({}), createLogger('supervision', 'silent')));
    expect(routes.map((route) => route.route)).toContain('GET /v1/cases/:caseId/clocks');
    expect(routes.filter((route) => !route.isDeclared).map((route) => route.route)).toEqual([]);
  });
});
