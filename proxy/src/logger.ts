import pino, { type Logger } from "pino";

/** Structured logs; credentials and anything token-shaped are never written. */
export function createLogger(level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({
    level,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        "headers.authorization",
        "headers.cookie",
        "cToken",
        "token",
        "*.cToken",
        "*.token",
      ],
      censor: "[redacted]",
    },
  });
}
