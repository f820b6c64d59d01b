/**
 * Which CRI socket to use, as OpenKruise's daemon finds it
 * (pkg/daemon/criruntime/factory.go `detectRuntime`): with `--socket-file`,
 * that file (a name under the host's /var/run mount, or an absolute path);
 * else the first of pouch's CRI socket, dockershim, containerd
 * (`containerd.sock`, `containerd/containerd.sock`), CRI-O (`crio.sock`,
 * `crio/crio.sock`) and `cri-dockerd.sock` that exists under it. Pure: the
 * existence check is passed in.
 */
import { isAbsolute, join } from 'node:path';

export const DEFAULT_VAR_RUN = '/hostvarrun';

export const CANDIDATE_SOCKETS = [
  'pouchcri.sock',
  'dockershim.sock',
  'containerd.sock',
  'containerd/containerd.sock',
  'crio.sock',
  'crio/crio.sock',
  'cri-dockerd.sock',
] as const;

export type SocketChoice =
  | { readonly ok: true; readonly socket: string; readonly from: 'flag' | 'detected' }
  | { readonly ok: false; readonly error: string };

export function chooseCriSocket(
  varRunDir: string,
  socketFile: string | undefined,
  exists: (path: string) => boolean,
): SocketChoice {
  if (socketFile !== undefined && socketFile !== '') {
    const path = isAbsolute(socketFile) ? socketFile : join(varRunDir, socketFile);
    return exists(path)
      ? { ok: true, socket: path, from: 'flag' }
      : { ok: false, error: `CRI socket ${path} (--socket-file) does not exist` };
  }
  for (const name of CANDIDATE_SOCKETS) {
    const path = join(varRunDir, name);
    if (exists(path)) return { ok: true, socket: path, from: 'detected' };
  }
  return { ok: false, error: `not found container runtime sock under ${varRunDir}` };
}
