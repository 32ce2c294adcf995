import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from '../src/app.module';
import { loadIntakeConfig } from '../src/config/intake-config';
import { createLogger } from '@hotline/observability';
import { startInProcess, testServiceEnv, type InProcessService } from '@hotline/testing';

// Every service gets /openapi.json and /docs from the platform module; intake stands for them all.
describe('intake: its API document', () => {
  let intake: InProcessService;

  beforeAll(async () => {
    const config = loadIntakeConfig(testServiceEnv());
    intake = await startInProcess({ service: 'intake', appModule: AppModule.register(config, createLogger('intake', 'warn')) });
  });

  afterAll(async () => {
    await intake?.close();
  });

  it('serves at /openapi.json exactly the document committed in docs/api', async () => {
    const response = await fetch(`${intake.url}/openapi.json`);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.text()).toBe(readFileSync(join(__dirname, '../../../docs/api/intake.openapi.json'), 'utf8'));
  });

  it('serves the interactive page at /docs with its assets from the service itself', async () => {
    const page = await (await fetch(`${intake.url}/docs`)).text();
    expect(page).toContain("url: '/openapi.json'");
    const bundle = await fetch(`${intake.url}/docs/swagger-ui-bundle.js`);
    expect({ status: bundle.status, type: bundle.headers.get('content-type') }).toMatchObject({ status: 200, type: expect.stringContaining('javascript') });
    expect((await fetch(`${intake.url}/docs/package.json`)).status).toBe(404);
  });
});
