import { Controller, Get, Module, Post } from '@nestjs/common';
import { Access, Public } from './access.decorators';
import { httpRoutesOf } from './route-declarations';

@Controller('v1/things')
class ThingsController {
  @Get()
  @Access({ roles: ['auditor'], operation: 'things.list' })
  list(): void {}

  @Post(':thingId/touch')
  touch(): void {}
}

@Controller('status')
@Public()
class StatusController {
  @Get()
  status(): void {}
}

@Module({ controllers: [StatusController] })
class StatusModule {}

describe('httpRoutesOf', () => {
  it('finds the routes of a module and its imports, and which declare their access', () => {
    const routes = httpRoutesOf({ module: class Root {}, imports: [StatusModule], controllers: [ThingsController] });
    expect(routes).toEqual(
      expect.arrayContaining([
        { route: 'GET /v1/things', isDeclared: true },
        { route: 'POST /v1/things/:thingId/touch', isDeclared: false },
        { route: 'GET /status', isDeclared: true },
      ]),
    );
    expect(routes).toHaveLength(3);
  });
});
