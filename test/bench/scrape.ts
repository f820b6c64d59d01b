/**
 * Prometheus text from the control plane's own `/metrics`: the
 * kube-apiserver's (with the admin credentials of the kubeconfig) and etcd's
 * (plain HTTP on its client URL). Only what the reconcile bench reads.
 */
import { request, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of metric `name` in a text exposition (label values unescaped). */
export function samplesOf(text: string, name: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = LINE.exec(line);
    if (m === null || m[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (m[2] ?? '').matchAll(LABEL))
      if (key !== undefined) labels[key] = (value ?? '').replace(/\\(.)/g, '$1');
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

/** The kube-apiserver's `/metrics`, read as the kubeconfig's user. */
export async function apiServerMetrics(kc: KubeConfig): Promise<string> {
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new Error('no current cluster in the kubeconfig');
  const opts: RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = request(`${cluster.server}/metrics`, { ...opts, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        if (res.statusCode === 200) resolve(body);
        else reject(new Error(`GET /metrics: ${res.statusCode ?? 0} ${body.slice(0, 200)}`));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export interface EtcdFigures {
  /** `etcd_debugging_mvcc_keys_total`: keys in the store (every API object is one). */
  readonly keys: number;
  /** `etcd_mvcc_db_total_size_in_use_in_bytes`. */
  readonly dbBytesInUse: number;
}

export async function etcdFigures(etcdUrl: string): Promise<EtcdFigures> {
  const res = await fetch(`${etcdUrl}/metrics`);
  const text = await res.text();
  const one = (name: string) => {
    const sample = samplesOf(text, name)[0];
    if (sample === undefined) throw new Error(`etcd /metrics has no ${name}`);
    return sample.value;
  };
  return {
    keys: one('etcd_debugging_mvcc_keys_total'),
    dbBytesInUse: one('etcd_mvcc_db_total_size_in_use_in_bytes'),
  };
}
