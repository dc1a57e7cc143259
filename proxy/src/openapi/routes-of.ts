import type { Router } from "express";

export interface RegisteredRoute {
  method: string;
  /** Express's path, as registered: /api/locations/:id/vpp/*path */
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every route a router (and the routers it uses without a path of their own) registers, with
 * `prefix` in front: what the OpenAPI document must describe.
 */
export function routesOf(router: Router, prefix: string): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths)
          for (const [m, on] of Object.entries(layer.route.methods))
            if (on) out.push({ method: m === "_all" ? "ALL" : m.toUpperCase(), path: `${prefix}${p}` });
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((router as unknown as { stack: Layer[] }).stack);
  return out;
}
