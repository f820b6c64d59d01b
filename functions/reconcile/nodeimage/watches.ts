/**
 * Which NodeImages an event names (kruise@v1.7.4:pkg/controller/nodeimage/
 * nodeimage_event_handler.go; nodeimage_controller.go 122-139):
 * - a NodeImage event (spec or status): itself;
 * - a Node event: its NodeImage, unless the Node is labelled
 *   `type: virtual-kubelet` (whether labels differ, or the Ready delay has
 *   passed, is the reconcile's to see);
 * - a deleted ImagePullJob: the NodeImages with a tag it owns (OpenKruise
 *   remembers the job's targets in memory; here they are found by the
 *   owner references' namespace and name).
 */
import type { Node } from '../../../shared/api/core/core-v1.js';
import { nodes } from '../../../shared/kube/core-resources.js';
import { nodeImages } from '../../../shared/kube/kruise-resources.js';
import type { ObjectKey } from '../../../shared/kube/resource.js';
import { selfKey, type MapContext, type ObjectRef, type Watch } from '../controller.js';

export const VIRTUAL_KUBELET = 'virtual-kubelet';

async function nodeKeys(ref: ObjectRef, ctx: MapContext): Promise<readonly ObjectKey[]> {
  const node: Node | undefined =
    ref.verb === 'delete'
      ? (ref.object as Node | undefined)
      : await ctx.client.find(nodes, { name: ref.name });
  if (node?.metadata?.labels?.['type'] === VIRTUAL_KUBELET) return [];
  return [{ name: ref.name }];
}

async function jobKeys(ref: ObjectRef, ctx: MapContext): Promise<readonly ObjectKey[]> {
  if (ref.verb !== 'delete') return [];
  const namespace = ref.namespace ?? '';
  return (await ctx.namespaced(nodeImages, ''))
    .filter((n) =>
      Object.values(n.spec.images ?? {}).some((image) =>
        image.tags.some((t) =>
          (t.ownerReferences ?? []).some(
            (o) => o.kind === 'ImagePullJob' && o.namespace === namespace && o.name === ref.name,
          ),
        ),
      ),
    )
    .map((n) => ({ name: n.metadata?.name ?? '' }));
}

export const NODEIMAGE_WATCHES: readonly Watch[] = [
  { group: 'apps.kruise.io', resource: 'nodeimages', keys: selfKey },
  { group: '', resource: 'nodes', keys: nodeKeys, reads: nodes },
  { group: 'apps.kruise.io', resource: 'imagepulljobs', keys: jobKeys },
];
