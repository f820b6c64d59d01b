/** The Markdown of benchmark (d): pod creates while the serving certificate rotates. */
import type { RotationOptions, RotationResult } from './cert-rotation.js';
import { table } from './report.js';
import { formatMs } from './stats.js';

// A run with problems lists a few; the count says how many.
const LISTED_PROBLEMS = 5;

export function certRotationSection(r: RotationResult, opts: RotationOptions): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(0);
  return [
    '### (d) Pod creates while the serving certificate rotates (`--cert-rotation`)',
    '',
    `${r.creates} pod creates through the kube-apiserver, started at ${opts.ratePerS}/s over ` +
      `${seconds(opts.durationMs)} s without waiting for each other; the certs function ` +
      `re-issues the admission function's serving certificate at ` +
      `${opts.rotateAtMs.map(seconds).join(', ')} s, and the function (TLS_SECRET source, ` +
      'polled every 250 ms) closes a connection after 20 requests, so the apiserver keeps ' +
      'making new handshakes.',
    '',
    table([
      [
        'creates',
        'creates/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'failed or not injected',
        'handshakes',
        'certificates presented / issued',
        'rotation → served, ms',
      ],
      [
        String(r.creates),
        r.createsPerS.toFixed(1),
        formatMs(r.latency.p50Ms),
        formatMs(r.latency.p99Ms),
        formatMs(r.latency.maxMs),
        String(r.problems.length),
        String(r.handshakes),
        `${r.certificatesSeen} / ${r.certificatesIssued}`,
        r.switchMs.map(formatMs).join(', '),
      ],
    ]),
    ...(r.problems.length === 0
      ? []
      : ['', ...r.problems.slice(0, LISTED_PROBLEMS).map((p) => `- ${p}`)]),
  ].join('\n');
}
