import { currentLogFields } from './logContext.ts';

/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** A structured logger. Every line is one JSON object on stdout. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds these fields to every line, such as a document id or request id. */
  child(fields: LogFields): Logger;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options for the JSON logger. */
export interface JsonLoggerOptions {
  /** Lowest level written. @default "info" */
  level?: LogLevel;
  /** Where lines go. @default process.stdout */
  write?: (line: string) => void;
}

/**
 * Creates a logger that writes JSON lines, the format log shippers read without configuration.
 * Errors are serialised with their name, message and stack, which JSON.stringify would drop.
 * Lines carry the fields of the surrounding `withLogFields` (the request id while a request is
 * handled) as well as the logger's own and the call's.
 */
export function createJsonLogger(options: JsonLoggerOptions = {}, base: LogFields = {}): Logger {
  const threshold = order[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const log = (level: LogLevel, message: string, fields?: LogFields) => {
    if (order[level] < threshold) return;
    const entry = {
      time: new Date().toISOString(),
      level,
      message,
      ...currentLogFields(),
      ...base,
      ...fields,
    };
    write(`${JSON.stringify(entry, replaceErrors)}\n`);
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    child: (fields) => createJsonLogger(options, { ...base, ...fields }),
  };
}

function replaceErrors(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}
