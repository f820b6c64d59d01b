/**
 * CloudEvents as Knative's ApiServerSource adapter makes them from an object
 * its informer saw (knative/eventing pkg/adapter/apiserver/events): type
 * `dev.knative.apiserver.<resource|ref>.<add|update|delete>`, `source` the
 * apiserver URL, `subject` the adapter's self link
 * (`/apis/<apiVersion>/namespaces/<ns>/<lowercased kind>s/<name>`), JSON data
 * (the object in Resource mode, `{apiVersion, kind, name, namespace}` in
 * Reference mode), and the `apiversion`, `kind`, `name`, `namespace`
 * extensions Triggers filter on; and a PingSource tick. Built with the
 * cloudevents SDK, whose HTTP.binary / HTTP.structured put them on the wire.
 */
import { CloudEvent } from 'cloudevents';
import type { KubeObject } from '../../shared/kube/resource.js';

export type ApiServerSourceMode = 'resource' | 'ref';
export type ApiServerSourceAction = 'add' | 'update' | 'delete';

/** createSelfLink: a core `v1` stays `v1`; a group without a version gets `/versionUnknown`. */
function selfLink(apiVersion: string, kind: string, namespace: string, name: string): string {
  const version =
    apiVersion.includes('.') && !apiVersion.includes('/')
      ? `${apiVersion}/versionUnknown`
      : apiVersion;
  return `/apis/${version}/namespaces/${namespace}/${kind.toLowerCase()}s/${name}`;
}

export function apiServerSourceEvent(
  source: string,
  mode: ApiServerSourceMode,
  action: ApiServerSourceAction,
  object: KubeObject,
): CloudEvent<unknown> {
  const apiVersion = object.apiVersion ?? '';
  const kind = object.kind ?? '';
  const name = object.metadata?.name ?? '';
  const namespace = object.metadata?.namespace ?? '';
  return new CloudEvent<unknown>({
    type: `dev.knative.apiserver.${mode}.${action}`,
    source,
    subject: selfLink(apiVersion, kind, namespace, name),
    datacontenttype: 'application/json',
    data: mode === 'resource' ? object : { apiVersion, kind, name, namespace },
    apiversion: apiVersion,
    kind,
    name,
    namespace,
  });
}

/** A PingSource tick (`dev.knative.sources.ping`, source the PingSource's path, no data). */
export const pingSourceEvent = (namespace: string, name: string): CloudEvent<unknown> =>
  new CloudEvent<unknown>({
    type: 'dev.knative.sources.ping',
    source: `/apis/v1/namespaces/${namespace}/pingsources/${name}`,
  });
