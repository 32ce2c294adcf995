import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import type { DynamicModule, Type } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { ACCESS_DECLARATION } from './access.decorators';

type ModuleLike = Type<unknown> | DynamicModule | Promise<DynamicModule>;

function controllersOf(module: ModuleLike, seen = new Set<unknown>()): Type<unknown>[] {
  if (seen.has(module) || module instanceof Promise) return [];
  seen.add(module);
  const dynamic = 'module' in module ? module : undefined;
  const moduleClass = dynamic ? dynamic.module : (module as Type<unknown>);
  const fromClass = (Reflect.getMetadata('controllers', moduleClass) as Type<unknown>[] | undefined) ?? [];
  const imports = [
    ...((Reflect.getMetadata('imports', moduleClass) as ModuleLike[] | undefined) ?? []),
    ...((dynamic?.imports ?? []) as ModuleLike[]),
  ];
  return [...fromClass, ...(dynamic?.controllers ?? []), ...imports.flatMap((imported) => controllersOf(imported, seen))];
}

/** The HTTP routes of a module tree (its controllers and its imports'), each with its access declaration or none. */
export function httpRoutesOf(module: DynamicModule): { route: string; isDeclared: boolean }[] {
  return [...new Set(controllersOf(module))].flatMap((controller) => {
    const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor' && typeof prototype[name] === 'function')
      .map((name) => prototype[name] as object)
      .filter((handler) => Reflect.getMetadata(METHOD_METADATA, handler) !== undefined && Reflect.getMetadata(PATH_METADATA, handler) !== undefined)
      .map((handler) => ({
        route: `${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]} /${prefix}/${String(Reflect.getMetadata(PATH_METADATA, handler))}`.replace(/\/+/g, '/').replace(/\/$/, ''),
        isDeclared: Reflect.getMetadata(ACCESS_DECLARATION, handler) !== undefined || Reflect.getMetadata(ACCESS_DECLARATION, controller) !== undefined,
      }));
  });
}
