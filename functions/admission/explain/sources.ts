/**
 * Where `kruise-fn explain` reads what the pod webhook reads: a folder of
 * YAML (SidecarSets and Namespaces) or the cluster of a kubeconfig.
 *
 * A SidecarSet from a file is first put through the function's own
 * SidecarSet defaulting webhook (msidecarset.kb.io) after the CRD schema
 * check, so the pod webhook sees it as the cluster would have stored it.
 * Namespaces carry `kubernetes.io/metadata.name: <name>`, which the
 * kube-apiserver sets on every Namespace (since Kubernetes 1.21); a
 * namespace the folder does not describe exists with that label only.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { parseSidecarSet, type SidecarSet } from '../../../shared/api/sidecarset.js';
import { InvalidError } from '../../../shared/errors.js';
import { isJsonObject, type JsonObject } from '../../../shared/json.js';
import { kubeClient } from '../../../shared/kube/client.js';
import { cachedAdmissionData, type AdmissionData } from '../cluster/admission-data.js';
import { kubeAdmissionReads } from '../cluster/admission-reads.js';
import { WEBHOOKS } from '../webhooks.js';
import type { Admit } from './admit.js';
import { ExplainInputError, readDirectory, readText, type SourcedDocument } from './documents.js';
import { staticAdmissionData } from './static-data.js';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const SIDECARSET_DEFAULTING = WEBHOOKS.find((w) => w.name === 'msidecarset.kb.io');

const kindOf = (o: JsonObject): string => `${String(o['apiVersion'])}/${String(o['kind'])}`;

const nameOf = (o: JsonObject): string => {
  const metadata = o['metadata'];
  const name = isJsonObject(metadata) ? metadata['name'] : undefined;
  return typeof name === 'string' ? name : '';
};

function checkedSidecarSet(doc: SourcedDocument): SidecarSet {
  try {
    return parseSidecarSet(doc.object);
  } catch (err) {
    if (err instanceof InvalidError) throw new ExplainInputError(`${doc.source}: ${err.message}`);
    throw err;
  }
}

/** The SidecarSet as the defaulting webhook would have it stored. */
async function storedSidecarSet(doc: SourcedDocument, admit: Admit): Promise<SidecarSet> {
  const set = checkedSidecarSet(doc);
  if (SIDECARSET_DEFAULTING === undefined) return set;
  const answer = await admit({
    path: SIDECARSET_DEFAULTING.path,
    resource: ['apps.kruise.io', 'v1alpha1', 'sidecarsets'],
    kind: 'SidecarSet',
    namespace: '',
    object: set,
  });
  if (!answer.allowed) {
    throw new ExplainInputError(
      `${doc.source}: SidecarSet ${nameOf(doc.object)} would be denied: ${answer.message}`,
    );
  }
  return checkedSidecarSet({ source: doc.source, object: withoutNulls(answer.object) });
}

/**
 * The object without null values: the apiserver drops nulls of fields its CRD
 * schema does not mark nullable (none of SidecarSet's are), such as the
 * `creationTimestamp: null` Go's encoder writes into the webhook's answer.
 */
function withoutNulls(object: JsonObject): JsonObject {
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (!isJsonObject(value)) return value;
    const entries = Object.entries(value).filter(([, v]) => v !== null);
    return Object.fromEntries(entries.map(([k, v]) => [k, clean(v)]));
  };
  return clean(object) as JsonObject;
}

export interface DirectorySource {
  readonly dir: string;
  /** `--namespace-labels`: the pod's Namespace labels, over any Namespace document. */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
}

/** The folder's SidecarSets (defaulted) and Namespaces, as admission data. */
export async function directoryData(
  source: DirectorySource,
  podNamespace: string,
  admit: Admit,
): Promise<AdmissionData> {
  const docs = readDirectory(source.dir);
  const sidecarSets: SidecarSet[] = [];
  const namespaces = new Map<string, Record<string, string>>();
  for (const doc of docs) {
    const kind = kindOf(doc.object);
    if (kind === 'apps.kruise.io/v1alpha1/SidecarSet') {
      sidecarSets.push(await storedSidecarSet(doc, admit));
    } else if (kind === 'v1/Namespace') {
      const name = nameOf(doc.object);
      const metadata = doc.object['metadata'];
      const labels = isJsonObject(metadata) ? metadata['labels'] : undefined;
      const entries = Object.entries(isJsonObject(labels) ? labels : {});
      const strings = entries.filter((e): e is [string, string] => typeof e[1] === 'string');
      if (name === '' || strings.length !== entries.length) {
        throw new ExplainInputError(`${doc.source}: a Namespace needs a name and string labels`);
      }
      namespaces.set(name, { ...Object.fromEntries(strings), [NAMESPACE_NAME_LABEL]: name });
    }
  }
  if (source.namespaceLabels !== undefined || !namespaces.has(podNamespace)) {
    namespaces.set(podNamespace, {
      ...source.namespaceLabels,
      [NAMESPACE_NAME_LABEL]: podNamespace,
    });
  }
  return staticAdmissionData(sidecarSets, namespaces);
}

/** The cluster of `kubeconfig`, read as the webhook reads it (same reads, same caches). */
export function clusterData(kubeconfig: string, kruiseNamespace: string): AdmissionData {
  const kc = new KubeConfig();
  const text = readText(kubeconfig);
  try {
    kc.loadFromString(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ExplainInputError(`${kubeconfig}: ${reason}`, { cause: err });
  }
  if (kc.getCurrentCluster() === null) {
    throw new ExplainInputError(`${kubeconfig}: no current cluster`);
  }
  return cachedAdmissionData(kubeAdmissionReads(kubeClient(kc)), { kruiseNamespace });
}
