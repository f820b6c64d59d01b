/**
 * Start-up registration of the credential-provider plugins, as OpenKruise's
 * daemon does it (cmd/daemon/main.go with kubelet's
 * RegisterCredentialProviderPlugins): no config file → none, logged
 * `No plugin config file found, skipping`; otherwise the bin dir must
 * exist, the config must decode and validate, and each provider's
 * executable must exist; the first failure is logged
 * `Failed to register credential provider plugins` and the providers
 * registered before it stay. The keyring of the providers
 * (`pluginCredentials`) unions what they give for an image and looks the
 * image up in it with kubelet's rules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  keyringOfEntries,
  lookupCredentials,
  type RegistryCredential,
} from '../../../shared/registry-auth/docker-keyring.js';
import { parseCredentialProviderConfig } from './config.js';
import { execPlugin } from './exec-plugin.js';
import { credentialProvider, type CredentialProvider } from './provider.js';

export const DEFAULT_PLUGIN_CONFIG_FILE = '/kruise/CredentialProviderPlugin.yaml';
export const DEFAULT_PLUGIN_BIN_DIR = '/kruise/plugins';

export interface RegisterOptions {
  readonly configFile: string;
  readonly binDir: string;
  readonly log: Logger;
  readonly now?: () => number;
  readonly timeoutMs?: number;
}

export function registerCredentialProviders(opts: RegisterOptions): CredentialProvider[] {
  const { log } = opts;
  if (!existsSync(opts.configFile)) {
    log.info({ configFile: opts.configFile }, 'No plugin config file found, skipping');
    return [];
  }
  const registered: CredentialProvider[] = [];
  try {
    if (!existsSync(opts.binDir))
      throw new Error(`plugin binary directory ${opts.binDir} did not exist`);
    let text: string;
    try {
      text = readFileSync(opts.configFile, 'utf8');
    } catch (err) {
      throw new Error(
        `unable to read external registry credential provider configuration from ${JSON.stringify(opts.configFile)}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    for (const config of parseCredentialProviderConfig(text)) {
      const bin = join(opts.binDir, config.name);
      if (!existsSync(bin)) throw new Error(`plugin binary executable ${bin} did not exist`);
      registered.push(
        credentialProvider(config, {
          exec: (image) =>
            execPlugin(config, image, {
              binDir: opts.binDir,
              log,
              ...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }),
            }),
          now: opts.now ?? Date.now,
          log,
        }),
      );
      log.info({ plugin: config.name }, 'Registered credential provider plugin');
    }
  } catch (err) {
    log.error(
      { err: new Error((err as Error).message) },
      'Failed to register credential provider plugins',
    );
  }
  return registered;
}

/** providersDockerKeyring.Lookup: the providers' answers for `image`, looked up in one keyring. */
export async function pluginCredentials(
  providers: readonly CredentialProvider[],
  image: string,
): Promise<RegistryCredential[]> {
  if (providers.length === 0) return [];
  const entries = (await Promise.all(providers.map((p) => p.provide(image)))).flat();
  return lookupCredentials(keyringOfEntries(entries), image);
}
