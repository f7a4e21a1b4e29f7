import { DynamicModule, ForwardReference, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RouteAccess, routeAccess } from './permissions';

type ModuleRef = Type<unknown> | DynamicModule | ForwardReference | Promise<DynamicModule>;

export interface DeclaredRoute {
  /** e.g. `POST /recipients/:id/status` */
  route: string;
  controller: string;
  access: RouteAccess;
}

const isDynamic = (m: object): m is DynamicModule => 'module' in m;
const isForward = (m: object): m is ForwardReference => 'forwardRef' in m;

/**
 * Every HTTP route of a module tree, with what it declares about access: the controllers of the
 * module and of every module it imports (static and dynamic), found from Nest's metadata without
 * booting anything. For the test that every route names a permission or is marked public.
 */
export function declaredRoutes(root: Type<unknown> | DynamicModule): DeclaredRoute[] {
  const seen = new Set<unknown>();
  const controllers = new Set<Type<unknown>>();
  const visit = (ref: ModuleRef | undefined) => {
    if (!ref || ref instanceof Promise) return;
    const target = isForward(ref) ? (ref.forwardRef() as ModuleRef) : ref;
    if (!target || target instanceof Promise || seen.has(target)) return;
    seen.add(target);
    const type = isDynamic(target) ? target.module : (target as Type<unknown>);
    const dynamic = isDynamic(target) ? target : undefined;
    for (const c of [
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, type) as Type<unknown>[] | undefined) ?? []),
      ...(dynamic?.controllers ?? []),
    ])
      controllers.add(c);
    for (const i of [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, type) as ModuleRef[] | undefined) ?? []),
      ...((dynamic?.imports as ModuleRef[] | undefined) ?? []),
    ])
      visit(i);
  };
  visit(root);
  return [...controllers].flatMap((controller) => {
    const base = pathsOf(Reflect.getMetadata(PATH_METADATA, controller));
    const proto = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(proto).flatMap((name) => {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') return [];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) return [];
      const paths = pathsOf(Reflect.getMetadata(PATH_METADATA, handler));
      return base.flatMap((b) =>
        paths.map((p) => ({
          route: `${RequestMethod[method]} /${[b, p].filter((s) => s && s !== '/').join('/')}`.replace(
            /\/+/g,
            '/',
          ),
          controller: controller.name,
          access: routeAccess(handler, controller),
        })),
      );
    });
  });
}

const pathsOf = (path: string | string[] | undefined): string[] =>
  path === undefined ? [''] : Array.isArray(path) ? path : [path];
