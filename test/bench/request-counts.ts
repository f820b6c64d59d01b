/**
 * Counts the API requests one ServiceAccount makes, by verb and resource,
 * from the kube-apiserver's own API Priority and Fairness metrics: one
 * FlowSchema per (verb, resource) names the ServiceAccount, and
 * `apiserver_flowcontrol_dispatched_requests_total{flow_schema}` counts
 * every request dispatched under it (k8s.io/apiserver@v0.34.4
 * pkg/util/flowcontrol/apf_filter.go, AddDispatch, once per request).
 *
 * Why not the audit log: the apiserver has one audit policy for all its
 * backends, so logging the function's reads would also send them to the
 * audit webhook that feeds the same function. The FlowSchemas change no
 * behaviour: they send the requests to `workload-low`, the priority level
 * the suggested `service-accounts` FlowSchema (precedence 9000) gives any
 * ServiceAccount outside kube-system, and sit before it (8000–8999).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FlowcontrolApiserverV1Api,
  type KubeConfig,
  type V1FlowSchema,
  type V1PolicyRulesWithSubjects,
} from '@kubernetes/client-node';
import { apiServerMetrics, samplesOf } from './scrape.js';

export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/** "verb resource" (`patch pods`, `get configmaps`, `list *`) → requests. */
export type RequestCounts = ReadonlyMap<string, number>;

export interface RequestCounter {
  /** Requests so far, since the apiserver started. */
  read(): Promise<RequestCounts>;
}

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
/** What the reconcile function reads and writes; anything else is counted as `*`. */
const RESOURCES = [
  'pods',
  'pods/status',
  'configmaps',
  'events',
  'leases',
  'sidecarsets',
  'sidecarsets/status',
  'controllerrevisions',
  'namespaces',
  'containerrecreaterequests',
];
const PRIORITY_LEVEL = 'workload-low';
const LABEL = 'kruise-fn.io/bench';
const METRIC = 'apiserver_flowcontrol_dispatched_requests_total';

interface Counted {
  readonly name: string;
  readonly what: string;
  readonly body: V1FlowSchema;
}

function schemas(sa: ServiceAccountRef): Counted[] {
  const subjects = [{ kind: 'ServiceAccount', serviceAccount: { ...sa } }];
  type Rule = Omit<V1PolicyRulesWithSubjects, 'subjects'>;
  const schema = (name: string, precedence: number, rule: Rule): V1FlowSchema => ({
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'FlowSchema',
    metadata: { name, labels: { [LABEL]: 'requests' } },
    spec: {
      priorityLevelConfiguration: { name: PRIORITY_LEVEL },
      matchingPrecedence: precedence,
      distinguisherMethod: { type: 'ByUser' },
      rules: [{ subjects, ...rule }],
    },
  });
  const resourceRule = (verb: string, resource: string): Rule => ({
    resourceRules: [
      {
        verbs: [verb],
        apiGroups: ['*'],
        resources: [resource],
        clusterScope: true,
        namespaces: ['*'],
      },
    ],
  });
  const out: Counted[] = [];
  VERBS.forEach((verb, v) => {
    RESOURCES.forEach((resource, r) => {
      const name = `kruise-fn-bench.${verb}.${resource.replace('/', '-')}`;
      const body = schema(name, 8000 + v * RESOURCES.length + r, resourceRule(verb, resource));
      out.push({ name, what: `${verb} ${resource}`, body });
    });
    // The same verb on any other resource: after the named ones.
    const name = `kruise-fn-bench.${verb}.other`;
    out.push({ name, what: `${verb} *`, body: schema(name, 8500 + v, resourceRule(verb, '*')) });
  });
  const nonResource: Rule = { nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }] };
  const name = 'kruise-fn-bench.non-resource';
  out.push({ name, what: 'non-resource', body: schema(name, 8900, nonResource) });
  return out;
}

/**
 * Creates the FlowSchemas and waits until the apiserver's APF controller has
 * taken every one (it writes their `Dangling` condition).
 */
export async function countRequestsOf(
  kc: KubeConfig,
  sa: ServiceAccountRef,
): Promise<RequestCounter> {
  const api = kc.makeApiClient(FlowcontrolApiserverV1Api);
  const counted = schemas(sa);
  for (const { body } of counted) await api.createFlowSchema({ body });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const listed = await api.listFlowSchema({ labelSelector: `${LABEL}=requests` });
    const taken = listed.items.filter((s) =>
      (s.status?.conditions ?? []).some((c) => c.type === 'Dangling' && c.status === 'False'),
    );
    if (taken.length === counted.length) break;
    if (Date.now() > deadline)
      throw new Error(`APF took ${taken.length} of ${counted.length} bench FlowSchemas in 30 s`);
    await sleep(200);
  }
  const whatOf = new Map(counted.map((c) => [c.name, c.what]));
  return {
    async read() {
      const counts = new Map<string, number>();
      for (const { labels, value } of samplesOf(await apiServerMetrics(kc), METRIC)) {
        const what = whatOf.get(labels['flow_schema'] ?? '');
        if (what !== undefined) counts.set(what, (counts.get(what) ?? 0) + value);
      }
      return counts;
    },
  };
}

/** What happened between two readings, without the zero rows, largest first. */
export function countsSince(before: RequestCounts, after: RequestCounts): RequestCounts {
  const rows = [...after]
    .map(([what, n]): [string, number] => [what, n - (before.get(what) ?? 0)])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return new Map(rows);
}

export const totalOf = (counts: RequestCounts): number =>
  [...counts.values()].reduce((sum, n) => sum + n, 0);
