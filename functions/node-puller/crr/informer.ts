/**
 * The CRRs this node carries out, as OpenKruise's daemon informer selects
 * them: every namespace, label selector `crr.apps.kruise.io/node-name=<node>,
 * crr.apps.kruise.io/active=true` (the webhook sets both; the manager drops
 * `active` when a CRR finishes), listed and watched by the shared informer
 * (shared/kube/informer.ts).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import {
  CRR_ACTIVE_KEY,
  CRR_NODE_NAME_KEY,
  type ContainerRecreateRequest,
} from '../../../shared/api/containerrecreaterequest.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import { containerRecreateRequests } from '../../../shared/kube/kruise-resources.js';
import { inform, type Informer, type InformerEvents } from '../../../shared/kube/informer.js';

export type CrrInformer = Informer;

export const crrLabelSelector = (nodeName: string): string =>
  `${CRR_NODE_NAME_KEY}=${nodeName},${CRR_ACTIVE_KEY}=true`;

export type CrrEvents = InformerEvents<ContainerRecreateRequest>;

export function informNodeCrrs(
  kc: KubeConfig,
  client: KubeClient,
  nodeName: string,
  on: CrrEvents,
  log: Logger,
): CrrInformer {
  return inform(
    kc,
    client,
    containerRecreateRequests,
    { labelSelector: crrLabelSelector(nodeName) },
    on,
    log,
  );
}
