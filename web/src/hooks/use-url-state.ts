import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import type { z } from "zod";

/**
 * A table's state (filters, search, sort) kept in the URL, so it survives reloads and can be shared.
 * The schema gives every key a `.catch()` default: a hand-edited URL never breaks the page.
 * `update` replaces the history entry; a key set to undefined or its default leaves the URL.
 */
export function useUrlState<S extends z.ZodObject>(
  schema: S,
): [z.infer<S>, (patch: Partial<Record<keyof z.infer<S>, string | number | undefined>>) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => schema.parse(Object.fromEntries(params)) as z.infer<S>, [schema, params]);
  const update = useCallback(
    (patch: Partial<Record<keyof z.infer<S>, string | number | undefined>>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          const defaults = schema.parse({}) as Record<string, unknown>;
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || String(v) === String(defaults[k] ?? "")) next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace: true },
      ),
    [schema, setParams],
  );
  return [state, update];
}
