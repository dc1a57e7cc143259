import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Structured logs; credentials and anything token-shaped are never written. Tests pass their own
 * destination to read what the real logger wrote.
 */
export function createLogger(level = "info", destination?: DestinationStream): Logger {
  const options = {
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
  };
  return destination ? pino(options, destination) : pino(options);
}
