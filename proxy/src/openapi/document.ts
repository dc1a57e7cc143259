import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { OPERATIONS, type Operation } from "./operations.js";

/** Express's "/locations/:id/vpp/{*rest}" as OpenAPI's "/locations/{id}/vpp/{rest}". */
export const openApiPath = (expressPath: string): string =>
  expressPath.replace(/\{\*(\w+)\}/g, "{$1}").replace(/:(\w+)/g, "{$1}");

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    appleErrorNumber: z.number().int().optional(),
    retryAfterSeconds: z.number().int().optional(),
  }),
});

const ACCESS_WORDS: Record<Operation["access"], string> = {
  none: "No sign-in needed.",
  any: "Any signed-in account or API token.",
  admin: "Admins only (an admin session or an admin API token).",
  apple: "Apple only: the location's notification key and its secret as a Bearer.",
};

function register(registry: OpenAPIRegistry, o: Operation): void {
  const params = [...o.path.matchAll(/:(\w+)|\{\*(\w+)\}/g)].map((m) => (m[1] ?? m[2]) as string);
  const error = (description: string) => ({
    description,
    content: { "application/json": { schema: errorSchema } },
  });
  const ok = o.ok ?? 200;
  const content = o.produces
    ? { [o.produces]: { schema: z.string() } }
    : { "application/json": { schema: z.unknown() } };
  registry.registerPath({
    method: o.method.toLowerCase() as "get",
    path: openApiPath(o.path),
    operationId: `${o.method.toLowerCase()}${openApiPath(o.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: o.summary,
    description: ACCESS_WORDS[o.access],
    tags: [o.tag],
    ...(o.access === "none" || o.access === "apple" ? { security: [] } : {}),
    request: {
      ...(params.length ? { params: z.object(Object.fromEntries(params.map((p) => [p, z.string()]))) } : {}),
      ...(o.query instanceof z.ZodObject ? { query: o.query } : {}),
      ...(o.body
        ? { body: { required: true, content: { "application/json": { schema: o.body } } } }
        : o.text
          ? { body: { required: true, content: { [o.text]: { schema: z.string() } } } }
          : {}),
    },
    responses: {
      [ok]:
        ok === 204
          ? { description: "Done; no content." }
          : ok === 303
            ? { description: "On to the page in the Location header." }
            : { description: "Done.", content },
      400: error("A mistake in the request, named; nothing changed."),
      ...(o.access === "none" ? {} : { 401: error("Not signed in, or the API token is not valid.") }),
      ...(o.access === "admin" ? { 403: error("Only admins may do this.") } : {}),
      default: error("Any other refusal (404, 409, 422, 429, 502, 503, 504): see the code and message."),
    },
  });
}

let cached: ReturnType<OpenApiGeneratorV31["generateDocument"]> | undefined;

/** The OpenAPI 3.1 document of the proxy's API, from the same zod schemas the routes validate with. */
export function openApiDocument() {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "vpp_session",
    description: "The browser's session (HttpOnly, SameSite=Strict).",
  });
  registry.registerComponent("securitySchemes", "apiToken", {
    type: "http",
    scheme: "bearer",
    description: "An API token (vppc_…) made by an admin on the API tokens screen.",
  });
  for (const o of OPERATIONS) register(registry, o);
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "vpp-console API",
      version: "1",
      description:
        "The console's own API: locations, the copy, jobs, people, reclaim, alerts. The content token never appears in it.",
    },
    security: [{ session: [] }, { apiToken: [] }],
  });
  return cached;
}
