import type { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';

type ModuleRef = Type | DynamicModule | Promise<DynamicModule> | ForwardReference;

const isDynamicModule = (ref: ModuleRef): ref is DynamicModule => typeof ref === 'object' && 'module' in ref;

/**
 * The controllers a module and the modules it imports declare, read from their metadata without
 * creating the application: nothing connects to Postgres, Redis or Kafka.
 */
export function controllersOfModule(root: Type | DynamicModule): Type[] {
  const controllers = new Set<Type>();
  const visited = new Set<unknown>();
  const visit = (ref: ModuleRef): void => {
    if (visited.has(ref) || ref instanceof Promise || (typeof ref === 'object' && 'forwardRef' in ref)) return;
    visited.add(ref);
    const moduleClass = isDynamicModule(ref) ? ref.module : ref;
    const declared = [
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, moduleClass) ?? []) as Type[]),
      ...(isDynamicModule(ref) ? (ref.controllers ?? []) : []),
    ];
    declared.forEach((controller) => controllers.add(controller));
    const imports = [...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, moduleClass) ?? []) as ModuleRef[]), ...(isDynamicModule(ref) ? (ref.imports ?? []) : [])];
    imports.forEach(visit);
  };
  visit(root);
  return [...controllers];
}
