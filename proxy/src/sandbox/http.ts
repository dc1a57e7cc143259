import type { NextFunction, Request, Response } from "express";
import { appleError, httpStatusOf, type AppleErrorNumber } from "../apple/errors.js";
import type { ErrorInfo } from "../apple/types.js";

/** A synchronous Apple refusal: the ErrorResponse body with Apple's HTTP status. */
export class AppleHttpError extends Error {
  constructor(
    readonly errorNumber: AppleErrorNumber,
    readonly errorInfo?: ErrorInfo,
    readonly status: number = httpStatusOf(errorNumber),
    readonly headers: Record<string, string> = {},
  ) {
    super(`Apple error ${errorNumber}`);
  }
}

export function sendAppleError(res: Response, err: AppleHttpError): void {
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  res.status(err.status).json(appleError(err.errorNumber, err.errorInfo));
}

export function appleErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (err instanceof AppleHttpError) return sendAppleError(res, err);
  if (err instanceof SyntaxError && "body" in err) {
    return sendAppleError(res, new AppleHttpError(9602));
  }
  if (err && typeof err === "object" && "type" in err && err.type === "entity.too.large") {
    return sendAppleError(res, new AppleHttpError(9602, undefined, 413));
  }
  next(err);
}

export const invalid = (info?: ErrorInfo) => new AppleHttpError(9602, info);

export function parseBool(v: unknown, name: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw invalidParam(name);
}

export function parseIntParam(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !/^-?\d+$/.test(v)) throw invalidParam(name);
  return Number(v);
}

export function parseEnum<T extends string>(v: unknown, allowed: readonly T[], name: string): T | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !allowed.includes(v as T)) throw invalidParam(name);
  return v as T;
}

export function parseString(v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw invalidParam(name);
  return v;
}

function invalidParam(name: string): AppleHttpError {
  const e = invalid();
  e.message = `invalid query parameter ${name}`;
  return e;
}

/** Zero-based paging (apple-v2-api.md §7): 9650 for a page outside [0, totalPages). */
export function pageWindow(
  total: number,
  pageIndexRaw: unknown,
  pageSize: number,
): {
  start: number;
  end: number;
  page: { currentPageIndex: number; nextPageIndex?: number; size: number; totalPages: number };
} {
  let pageIndex = 0;
  if (pageIndexRaw !== undefined) {
    if (typeof pageIndexRaw !== "string" || !/^\d+$/.test(pageIndexRaw)) throw new AppleHttpError(9650);
    pageIndex = Number(pageIndexRaw);
  }
  const totalPages = Math.ceil(total / pageSize);
  if (pageIndex >= Math.max(totalPages, 1)) throw new AppleHttpError(9650);
  const start = pageIndex * pageSize;
  const end = Math.min(total, start + pageSize);
  return {
    start,
    end,
    page: {
      currentPageIndex: pageIndex,
      ...(pageIndex + 1 < totalPages ? { nextPageIndex: pageIndex + 1 } : {}),
      size: end - start,
      totalPages,
    },
  };
}
