import { vi } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A real SMTP server on loopback that keeps every mail it is given, parsed. */
export async function startMailbox(): Promise<{ url: string; mails: ParsedMail[]; close(): Promise<void> }> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((m) => {
          mails.push(m);
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((r) => server.close(() => r())) };
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  /** The body as sent, and parsed when it is JSON. */
  body: string;
  json: any;
  status: number;
}

/**
 * A real HTTP receiver on loopback (webhooks, Apple's notifications): answers each request with the
 * next status of `answers` (then 200), after `delayMs`; `failNext(n)` makes the next n posts 500s.
 */
export async function startReceiver(
  answers: number[] = [],
  delayMs = 0,
): Promise<{
  url: string;
  received: Received[];
  failNext(n: number): void;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  let queue = [...answers];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = queue.shift() ?? 200;
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, body, json: parseJson(body), status });
      setTimeout(() => res.writeHead(status).end(), delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    failNext: (n) => (queue = Array.from({ length: n }, () => 500)),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function parseJson(body: string): unknown {
  try {
    return body ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
}

/** Until `check` stops throwing (an assertion not yet true): vitest's waitFor, with this suite's patience. */
export const eventually = <T>(check: () => T | Promise<T>, timeout = 10_000): Promise<T> =>
  vi.waitFor(check, { timeout, interval: 25 });

/** Until `check` answers something (a found item, true); a throw fails at once. */
export const until = <T>(check: () => T | Promise<T>, timeout = 10_000) =>
  vi.waitUntil(check, { timeout, interval: 25 });
