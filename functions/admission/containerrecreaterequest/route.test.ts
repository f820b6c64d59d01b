/** The CRR route through the admission app: gate, decoding, Pod read and the patch. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFeatureGates } from '../../../shared/feature-gates.js';
import type { AdmissionData } from '../cluster/admission-data.js';
import { createLogger } from '../../../shared/log/index.js';
import { captureLines } from '../../../shared/log/test-support.js';
import { createApp } from '../app.js';
import { routeDeps } from '../route-deps.js';
import { admissionRoutes } from '../routes.js';
import type { PodReader } from './reads.js';

const post = (path: string, body: string) => ({
  path,
  init: { method: 'POST', body, headers: { 'content-type': 'application/json' } },
});
const envelope = (response: object) => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  response,
});

describe('ContainerRecreateRequest route', () => {
  const noData: AdmissionData = {
    synced: true,
    warm: () => undefined,
    sidecarSets: async () => [],
    namespaceLabels: async () => undefined,
    controllerRevision: async () => undefined,
    customVersionRevisions: async () => [],
    kruiseConfig: async () => undefined,
  };
  const pods: PodReader = async (namespace, name) =>
    namespace === 'default' && name === 'web-0'
      ? {
          pod: {
            metadata: { uid: 'uid-1' },
            spec: { nodeName: 'node-1', containers: [{ name: 'app' }] },
            status: {
              phase: 'Running',
              containerStatuses: [
                {
                  name: 'app',
                  containerID: 'containerd://a',
                  restartCount: 0,
                  image: 'app',
                  imageID: '',
                  ready: true,
                },
              ],
            },
          },
        }
      : { notFound: true };
  const app = (gates: string) => {
    const { destination } = captureLines();
    const log = createLogger({ format: 'json', level: 0, destination, now: () => 0 });
    const routes = admissionRoutes(
      routeDeps({ data: noData, gates: parseFeatureGates(gates), pods }),
    );
    return createApp({ log, routes, notReady: () => undefined });
  };
  const review = (spec: unknown) =>
    JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: 'crr-1',
        kind: { group: 'apps.kruise.io', version: 'v1alpha1', kind: 'ContainerRecreateRequest' },
        resource: {
          group: 'apps.kruise.io',
          version: 'v1alpha1',
          resource: 'containerrecreaterequests',
        },
        namespace: 'default',
        operation: 'CREATE',
        object: {
          apiVersion: 'apps.kruise.io/v1alpha1',
          kind: 'ContainerRecreateRequest',
          metadata: { name: 'r', namespace: 'default' },
          spec,
        },
      },
    });
  const path = '/mutate-apps-kruise-io-v1alpha1-containerrecreaterequest';
  const cases = [
    {
      name: 'defaults a request for a running pod',
      gates: '',
      spec: { podName: 'web-0', containers: [{ name: 'app' }] },
      want: {
        uid: 'crr-1',
        allowed: true,
        patchType: 'JSONPatch',
        patch: [
          {
            op: 'add',
            path: '/spec/containers/0/statusContext',
            value: { containerID: 'containerd://a', restartCount: 0 },
          },
          { op: 'add', path: '/spec/strategy', value: { failurePolicy: 'Fail' } },
          {
            op: 'add',
            path: '/metadata/labels',
            value: {
              'crr.apps.kruise.io/active': 'true',
              'crr.apps.kruise.io/node-name': 'node-1',
              'crr.apps.kruise.io/pod-uid': 'uid-1',
            },
          },
        ],
      },
    },
    {
      name: 'refuses a pod that does not exist',
      gates: '',
      spec: { podName: 'web-9', containers: [{ name: 'app' }] },
      want: {
        uid: 'crr-1',
        allowed: false,
        status: { code: 400, message: 'no found Pod named web-9' },
      },
    },
    {
      name: 'checks the KruiseDaemon gate before decoding',
      gates: 'KruiseDaemon=false',
      spec: 'not a spec',
      want: {
        uid: 'crr-1',
        allowed: false,
        status: { code: 403, message: 'feature-gate KruiseDaemon is not enabled' },
      },
    },
    {
      name: 'refuses a spec that does not decode',
      gates: '',
      spec: { podName: 'web-0', containers: { name: 'app' } },
      want: {
        uid: 'crr-1',
        allowed: false,
        status: {
          code: 400,
          message:
            'json: cannot unmarshal object into Go struct field ContainerRecreateRequestSpec.spec.containers of type []v1alpha1.ContainerRecreateRequestContainer',
        },
      },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const res = await app(c.gates).request(
        post(path, review(c.spec)).path,
        post(path, review(c.spec)).init,
      );
      const body = (await res.json()) as { response: { patch?: string } };
      const patch = body.response.patch;
      const response =
        patch === undefined
          ? body.response
          : {
              ...body.response,
              patch: JSON.parse(Buffer.from(patch, 'base64').toString()) as unknown,
            };
      assert.equal(res.status, 200);
      assert.deepStrictEqual({ ...body, response }, envelope(c.want));
    });
  }
});
