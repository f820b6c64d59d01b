/**
 * The node puller's settings from flags and environment (flags win):
 * `--node-name` / `NODE_NAME` (required, the NodeImage to watch),
 * `--socket-file` / `CRI_SOCKET_FILE` and `--var-run-dir` (default
 * `/hostvarrun`, OpenKruise's host /var/run mount) for cri-socket.ts,
 * `--max-concurrent-pulls` / `MAX_CONCURRENT_PULLS` (default 3, 0 = no cap),
 * `--healthz-port` / `PORT` (default 10221), `CRI_PROTO_FILE`, and
 * OpenKruise's `--plugin-config-file` / `PLUGIN_CONFIG_FILE` (default
 * `/kruise/CredentialProviderPlugin.yaml`) and `--plugin-bin-dir` /
 * `PLUGIN_BIN_DIR` (default
 * `/kruise/plugins`) for credential-provider plugins.
 */
import { parseArgs } from 'node:util';
import { KruiseFnError } from '../../shared/errors.js';
import {
  DEFAULT_PLUGIN_BIN_DIR,
  DEFAULT_PLUGIN_CONFIG_FILE,
} from './credential-provider/register.js';

export const DEFAULT_MAX_CONCURRENT_PULLS = 3;
export const DEFAULT_HEALTHZ_PORT = 10221;

export interface PullerConfig {
  readonly nodeName: string;
  readonly socketFile?: string;
  readonly varRunDir: string;
  readonly maxConcurrentPulls: number;
  readonly healthzPort: number;
  readonly pluginConfigFile: string;
  readonly pluginBinDir: string;
}

const nonEmpty = (v: string | undefined) => (v === '' ? undefined : v);

function nonNegativeInt(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw))
    throw new KruiseFnError(`${name}: ${JSON.stringify(raw)} is not a non-negative integer`);
  return Number(raw);
}

export function parsePullerConfig(argv: readonly string[], env: NodeJS.ProcessEnv): PullerConfig {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'node-name': { type: 'string' },
      'socket-file': { type: 'string' },
      'var-run-dir': { type: 'string' },
      'max-concurrent-pulls': { type: 'string' },
      'healthz-port': { type: 'string' },
      'plugin-config-file': { type: 'string' },
      'plugin-bin-dir': { type: 'string' },
    },
    strict: true,
  });
  const nodeName = values['node-name'] ?? env['NODE_NAME'] ?? '';
  if (nodeName === '') throw new KruiseFnError('--node-name or NODE_NAME is required');
  const socketFile = values['socket-file'] ?? env['CRI_SOCKET_FILE'];
  return {
    nodeName,
    ...(socketFile !== undefined && socketFile !== '' && { socketFile }),
    varRunDir: values['var-run-dir'] ?? '/hostvarrun',
    maxConcurrentPulls: nonNegativeInt(
      values['max-concurrent-pulls'] ?? env['MAX_CONCURRENT_PULLS'],
      'max-concurrent-pulls',
      DEFAULT_MAX_CONCURRENT_PULLS,
    ),
    healthzPort: nonNegativeInt(
      values['healthz-port'] ?? env['PORT'],
      'healthz-port',
      DEFAULT_HEALTHZ_PORT,
    ),
    pluginConfigFile:
      values['plugin-config-file'] ??
      nonEmpty(env['PLUGIN_CONFIG_FILE']) ??
      DEFAULT_PLUGIN_CONFIG_FILE,
    pluginBinDir:
      values['plugin-bin-dir'] ?? nonEmpty(env['PLUGIN_BIN_DIR']) ?? DEFAULT_PLUGIN_BIN_DIR,
  };
}
