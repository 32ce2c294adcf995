import { httpRoutesOf } from '@hotline/access';
import { createLogger } from '@hotline/observability';
import { AppModule } from './app.module';
import { loadAssessmentConfig } from './config/assessment-config';

describe('assessment access declarations', () => {
  it('declares who may call every HTTP route, so none is open by omission', () => {
    const routes = httpRoutesOf(AppModule.register(loadAssessmentConfig({}), createLogger('assessment', 'silent')));
    expect(routes.map((route) => route.route)).toContain('POST /v1/assessments/:month/close');
    expect(routes.filter((route) => !route.isDeclared).map((route) => route.route)).toEqual([]);
  });
});
