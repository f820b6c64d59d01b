/** The project logger: one pino root writing klog-compatible text or JSON (SPEC.md §9). */
export { createLogger } from './create-logger.js';
export type { CreateLoggerOptions, Logger } from './create-logger.js';
export { LOG_FORMATS, VERBOSITIES, parseLogFormat, parseLogLevel } from './config.js';
export type { LogFormat, Verbosity } from './config.js';
export { logV } from './verbosity.js';
export type { VerboseLogger } from './verbosity.js';
export { kobj, kref } from './object-ref.js';
export type { ObjectRef, Referable } from './object-ref.js';
export { admissionLogger, reconcileLogger } from './context-loggers.js';
export type {
  AdmissionContext,
  GroupVersionResource,
  ReconcileContext,
} from './context-loggers.js';
export { REDACTED } from './redact.js';
