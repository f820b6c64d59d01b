/**
 * `kruise-fn explain`: what the pod webhook (mpod.kb.io) would do to a pod
 * on CREATE, as a unified diff of the pod's YAML before and after, with
 * nothing written anywhere. The pod goes through the admission function's
 * own routes (routes.ts, route-deps.ts: the same reads, gates and
 * decisions as the deployed webhook), fed from a folder or a cluster.
 *
 * The answer's exit code follows diff(1): 0 no change, 1 a change (or a
 * denial: the pod would not be created as written); bad input is the
 * caller's exit 2.
 */
import type { Logger } from 'pino';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { stringify } from 'yaml';
import type { FeatureGates } from '../../../shared/feature-gates.js';
import { isJsonObject, type JsonObject } from '../../../shared/json.js';
import { routeDeps } from '../route-deps.js';
import { admissionRoutes } from '../routes.js';
import { selectorMatches } from '../../../shared/validation/selector-match.js';
import { POD_NAMESPACE_SELECTOR, WEBHOOKS } from '../webhooks.js';
import { admitter } from './admit.js';
import { ExplainInputError, readDocuments } from './documents.js';
import { clusterData, directoryData, type DirectorySource } from './sources.js';
import { staticAdmissionData } from './static-data.js';

export interface ExplainOptions {
  readonly podFile: string;
  readonly source: { readonly directory: DirectorySource } | { readonly kubeconfig: string };
  /** `--namespace`: the namespace of a pod that names none (default `default`). */
  readonly namespace?: string;
  readonly gates: FeatureGates;
  /** OpenKruise's namespace (`POD_NAMESPACE`): where SidecarSet revisions live. */
  readonly kruiseNamespace: string;
  readonly log: Logger;
  /** Default: the wall clock (the injected annotations' `updateTimestamp`). */
  readonly now?: () => Date;
}

export interface Explanation {
  readonly exitCode: 0 | 1;
  /** The unified diff, or one line saying why nothing changes or why the pod is denied. */
  readonly text: string;
}

const POD_WEBHOOK = WEBHOOKS.find((w) => w.name === 'mpod.kb.io');

function readPod(file: string): JsonObject {
  const docs = readDocuments(file);
  const [doc] = docs;
  if (doc === undefined || docs.length > 1) {
    throw new ExplainInputError(`${file}: expected one Pod document, found ${docs.length}`);
  }
  const { apiVersion, kind } = doc.object;
  if (apiVersion !== 'v1' || kind !== 'Pod') {
    throw new ExplainInputError(
      `${file}: expected apiVersion v1, kind Pod, got ${String(apiVersion)}, ${String(kind)}`,
    );
  }
  return doc.object;
}

function namespaceOf(file: string, pod: JsonObject, flag: string | undefined): string {
  const metadata = pod['metadata'];
  const own = isJsonObject(metadata) ? metadata['namespace'] : undefined;
  if (typeof own === 'string' && own !== '') {
    if (flag !== undefined && flag !== own) {
      throw new ExplainInputError(
        `${file}: the pod's namespace ${own} does not match --namespace ${flag}`,
      );
    }
    return own;
  }
  return flag ?? 'default';
}

const unchanged = (why: string): Explanation => ({ exitCode: 0, text: `no change: ${why}\n` });

export async function explainPod(options: ExplainOptions): Promise<Explanation> {
  const { podFile, gates, log } = options;
  const now = options.now ?? (() => new Date());
  const pod = readPod(podFile);
  const namespace = namespaceOf(podFile, pod, options.namespace);
  const noPods = async () => ({ notFound: true }) as const;
  const bare = admitter(
    admissionRoutes(
      routeDeps({ data: staticAdmissionData([], new Map()), gates, pods: noPods, now }),
    ),
    log,
  );
  const data =
    'kubeconfig' in options.source
      ? clusterData(options.source.kubeconfig, options.kruiseNamespace)
      : await directoryData(options.source.directory, namespace, bare);
  const labels = await data.namespaceLabels(namespace);
  if (labels === undefined) throw new ExplainInputError(`namespaces "${namespace}" not found`);
  if (POD_WEBHOOK === undefined || (POD_WEBHOOK.gate && !gates.enabled(POD_WEBHOOK.gate))) {
    return unchanged('the pod webhook is off (feature gate PodWebhook=false)');
  }
  if (!selectorMatches(POD_NAMESPACE_SELECTOR, labels)) {
    return unchanged(`the pod webhook is not called for namespace ${namespace}`);
  }
  const admit = admitter(admissionRoutes(routeDeps({ data, gates, pods: noPods, now })), log);
  const answer = await admit({
    path: POD_WEBHOOK.path,
    resource: ['', 'v1', 'pods'],
    kind: 'Pod',
    namespace,
    object: pod,
  });
  if (!answer.allowed) {
    return { exitCode: 1, text: `denied (code ${answer.code}): ${answer.message}\n` };
  }
  if (answer.patch.length === 0) return unchanged('admission leaves the pod as it is');
  const before = stringify(pod);
  const after = stringify(answer.object);
  const text = createTwoFilesPatch(podFile, `${podFile} (admitted)`, before, after, '', '', {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
  return { exitCode: 1, text };
}
