/**
 * The part of Knative's API the chart writes, as closed schemas: a field we
 * set that Knative does not have, or a value it refuses, fails the chart's
 * test, since the local apiserver has no Knative CRDs to dry-run against.
 * Fields and rules as Knative defines them (read at serving 98e5ef90aa,
 * eventing HEAD of the same day):
 *
 * - serving.knative.dev/v1 Service: `spec.template` (RevisionTemplateSpec)
 *   with RevisionSpec = the PodSpec fields `pkg/apis/serving/fieldmask.go`
 *   keeps without feature flags (serviceAccountName, containers, volumes,
 *   imagePullSecrets, enableServiceLinks, automountServiceAccountToken) plus
 *   containerConcurrency and timeoutSeconds; Container and EnvVar fields as
 *   its ContainerMask / EnvVarMask keep them (`valueFrom.fieldRef` needs the
 *   `kubernetes.podspec-fieldref` flag, so only values); a port's name is
 *   empty, `h2c` or `http1`, and not one of the queue-proxy's ports
 *   (`pkg/apis/serving/k8s_validation.go`).
 * - sources.knative.dev/v1 ApiServerSource (`pkg/apis/sources/v1/apiserver_types.go`)
 *   and PingSource (`ping_types.go`), with the Destination of knative.dev/pkg
 *   duck/v1 (`ref`, `uri`, `CACerts`, `audience`).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const closed = <T extends Record<string, TSchema>>(props: T) =>
  Type.Object(props, { additionalProperties: false });
const optional = <T extends TSchema>(t: T) => Type.Optional(t);
const strings = Type.Record(Type.String(), Type.String());

const metadata = (namespaced: boolean) =>
  closed({
    name: Type.String({ minLength: 1 }),
    ...(namespaced && { namespace: Type.String({ minLength: 1 }) }),
    labels: optional(strings),
    annotations: optional(strings),
  });

/** The queue-proxy's and the activator's ports (networking and runtime constants). */
export const KNATIVE_RESERVED_PORTS = [8012, 8013, 8022, 9090, 9091, 8008];

const container = closed({
  name: optional(Type.String()),
  image: Type.String({ minLength: 1 }),
  args: optional(Type.Array(Type.String())),
  command: optional(Type.Array(Type.String())),
  workingDir: optional(Type.String()),
  imagePullPolicy: optional(Type.String()),
  env: optional(Type.Array(closed({ name: Type.String({ minLength: 1 }), value: Type.String() }))),
  ports: optional(
    Type.Array(
      closed({
        containerPort: Type.Integer({ minimum: 1, maximum: 65535 }),
        name: optional(Type.Union([Type.Literal('h2c'), Type.Literal('http1')])),
        protocol: optional(Type.Literal('TCP')),
      }),
      { maxItems: 1 },
    ),
  ),
  resources: optional(
    closed({
      limits: optional(Type.Record(Type.String(), Type.String())),
      requests: optional(Type.Record(Type.String(), Type.String())),
    }),
  ),
});

const reference = closed({
  apiVersion: Type.String(),
  kind: Type.String(),
  name: Type.String({ minLength: 1 }),
  namespace: optional(Type.String()),
});

const sink = closed({
  ref: optional(reference),
  uri: optional(Type.String()),
  CACerts: optional(Type.String()),
  audience: optional(Type.String()),
});

export const knativeService = closed({
  apiVersion: Type.Literal('serving.knative.dev/v1'),
  kind: Type.Literal('Service'),
  metadata: metadata(true),
  spec: closed({
    template: closed({
      metadata: optional(closed({ labels: optional(strings), annotations: optional(strings) })),
      spec: closed({
        serviceAccountName: optional(Type.String()),
        containers: Type.Array(container, { minItems: 1 }),
        imagePullSecrets: optional(Type.Array(closed({ name: Type.String() }))),
        enableServiceLinks: optional(Type.Boolean()),
        automountServiceAccountToken: optional(Type.Boolean()),
        containerConcurrency: optional(Type.Integer({ minimum: 0 })),
        timeoutSeconds: optional(Type.Integer({ minimum: 0 })),
      }),
    }),
  }),
});

export const apiServerSource = closed({
  apiVersion: Type.Literal('sources.knative.dev/v1'),
  kind: Type.Literal('ApiServerSource'),
  metadata: metadata(true),
  spec: closed({
    sink,
    mode: optional(Type.Union([Type.Literal('Reference'), Type.Literal('Resource')])),
    serviceAccountName: optional(Type.String()),
    namespaceSelector: optional(
      closed({
        matchLabels: optional(strings),
        matchExpressions: optional(
          Type.Array(
            closed({
              key: Type.String(),
              operator: Type.String(),
              values: optional(Type.Array(Type.String())),
            }),
          ),
        ),
      }),
    ),
    resources: Type.Array(closed({ apiVersion: Type.String(), kind: Type.String() }), {
      minItems: 1,
    }),
  }),
});

export const pingSource = closed({
  apiVersion: Type.Literal('sources.knative.dev/v1'),
  kind: Type.Literal('PingSource'),
  metadata: metadata(true),
  spec: closed({
    sink,
    schedule: Type.String({ minLength: 1 }),
    timezone: optional(Type.String()),
    contentType: optional(Type.String()),
    data: optional(Type.String()),
    dataBase64: optional(Type.String()),
  }),
});

const SCHEMAS: Readonly<Record<string, TSchema>> = {
  'serving.knative.dev/v1/Service': knativeService,
  'sources.knative.dev/v1/ApiServerSource': apiServerSource,
  'sources.knative.dev/v1/PingSource': pingSource,
};

export const isKnativeKind = (o: { apiVersion: string }) => o.apiVersion.includes('knative.dev/');

/** Every way `object` departs from the schema of its kind, as `<path>: <message>`. */
export function knativeProblems(object: { apiVersion: string; kind: string }): string[] {
  const schema = SCHEMAS[`${object.apiVersion}/${object.kind}`];
  if (schema === undefined)
    return [`${object.apiVersion} ${object.kind}: not a kind the chart may write`];
  const problems = [...Value.Errors(schema, object)].map((e) => `${e.path || '/'}: ${e.message}`);
  const ports =
    (
      object as {
        spec?: {
          template?: { spec?: { containers?: { ports?: { containerPort?: number }[] }[] } };
        };
      }
    ).spec?.template?.spec?.containers?.flatMap((c) => c.ports ?? []) ?? [];
  for (const p of ports) {
    if (p.containerPort !== undefined && KNATIVE_RESERVED_PORTS.includes(p.containerPort)) {
      problems.push(`containerPort ${p.containerPort} is reserved by Knative`);
    }
  }
  return problems;
}
