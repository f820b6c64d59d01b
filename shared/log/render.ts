import { fileOf } from './caller.js';
import { isObjectRef, refString } from './object-ref.js';
import { goQuote } from '../go/quote.js';
import { klogString } from './quote.js';
import { WARN_LEVEL, severityOf, verbosityOf } from './levels.js';
import type { Field, LogRecord } from './record.js';

/**
 * klog's two output formats. Where klog and zap differ in field order, each follows its own
 * origin: text is klog's `printS` (`err` right after the message, then bindings, with call
 * fields overriding bindings of the same key), JSON is component-base's zapr encoder
 * (`ts`, `caller`, `msg`, bindings, `v`, call fields, `err` last; duplicates kept).
 */

const ERROR_FIELD = 'err';

/** A record with `err` lifted out: it is special on warning, error and fatal lines only. */
function splitError(record: LogRecord): { fields: readonly Field[]; err?: Field } {
  if (record.level < WARN_LEVEL) return { fields: record.fields };
  const err = record.fields.find(([key]) => key === ERROR_FIELD);
  if (err === undefined) return { fields: record.fields };
  return { fields: record.fields.filter((field) => field !== err), err };
}

const pad = (n: number, width: number, fill = '0'): string => String(n).padStart(width, fill);

/**
 * klog's header time, `MMDD hh:mm:ss.uuuuuu`. klog uses local time; we use UTC (the zone of
 * our containers and of Lambda) so a line does not depend on the host's TZ.
 */
function klogTime(epochMs: number): string {
  const micros = Math.round(epochMs * 1000);
  const date = new Date(Math.floor(micros / 1000));
  const day = `${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}`;
  const clock = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    .map((n) => pad(n, 2))
    .join(':');
  return `${day} ${clock}.${pad(micros % 1_000_000, 6)}`;
}

/** A value after `key=` in klog text: strings quoted, object refs as `"ns/name"`, else JSON. */
export function textValue(value: unknown): string {
  if (typeof value === 'string') return klogString(value);
  if (isObjectRef(value)) return `"${refString(value)}"`;
  return JSON.stringify(value) ?? 'null';
}

/** One klog text line: `I1124 14:22:35.587919    4242 file.ts:12] "Message" key="value"`. */
export function renderText(record: LogRecord, pid: number): string {
  const { fields, err } = splitError(record);
  const overridden = new Set(fields.map(([key]) => key));
  const pairs = [
    ...(err === undefined ? [] : [err]),
    ...record.bindings.filter(([key]) => !overridden.has(key)),
    ...fields,
  ];
  const kvs = pairs.map(([key, value]) => ` ${key}=${textValue(value)}`).join('');
  const header = `${severityOf(record.level)}${klogTime(record.time)} ${pad(pid, 7, ' ')}`;
  // printS always quotes the message, line breaks included.
  return `${header} ${fileOf(record.caller)}] ${goQuote(record.msg)}${kvs}\n`;
}

/** One JSON line as component-base's `--logging-format=json` writes it. */
export function renderJson(record: LogRecord): string {
  const { fields, err } = splitError(record);
  const head: Field[] = [
    ['ts', record.time],
    ['caller', record.caller],
    ['msg', record.msg],
  ];
  const level: Field[] = severityOf(record.level) === 'I' ? [['v', verbosityOf(record.level)]] : [];
  const all = [
    ...head,
    ...record.bindings,
    ...level,
    ...fields,
    ...(err === undefined ? [] : [err]),
  ];
  const body = all.map(([key, value]) => `${JSON.stringify(key)}:${jsonValue(value)}`).join(',');
  return `{${body}}\n`;
}

const jsonValue = (value: unknown): string => JSON.stringify(value) ?? 'null';
