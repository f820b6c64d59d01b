/**
 * Test support for the SidecarSet plan's action tables: a rendering of
 * actions that keeps every action and what it writes, in order, one line
 * each; the plan's pod writes applied as the API would; and the kubelet's
 * part of an in-place update.
 */
import fastJsonPatch from 'fast-json-patch';
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { JsonPatchOperation } from '../../../shared/kube/client.js';
import type { SidecarSetAction } from './actions.js';
import { runningStatus } from './test-fixtures.js';

const opText = (op: JsonPatchOperation): string => {
  const path = op.path
    .replace('/metadata/annotations/', '@')
    .replace('/spec/', '')
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');
  if (op.op === 'remove') return `-${path}`;
  if (op.path.startsWith('/metadata/annotations/') && path.startsWith('@kruise.io/')) return path;
  return `${path}=${typeof op.value === 'string' ? op.value : JSON.stringify(op.value)}`;
};

/** One line per action: what it writes and where (annotation values left out; rows that need them compare whole actions). */
export function render(action: SidecarSetAction): string {
  if ('verb' in action) {
    const where =
      action.verb === 'patch' || action.verb === 'delete' ? action.key : action.object.metadata;
    const at = `${action.resource.kind} ${where?.namespace ? `${where.namespace}/` : ''}${where?.name ?? ''}`;
    switch (action.verb) {
      case 'updateStatus':
        return `status ${JSON.stringify(action.status)}`;
      case 'create':
      case 'update':
        return `${action.verb} ${at} revision=${String((action.object as ControllerRevision).revision)}`;
      case 'delete':
        return `delete ${at}`;
      case 'patch': {
        const { patch } = action;
        if (patch.type === 'json') return `update ${at} ${patch.operations.map(opText).join(' ')}`;
        if (action.options?.subresource === 'status') {
          const [c] = (patch.body as { status: { conditions: Record<string, string>[] } }).status
            .conditions;
          return `condition ${at} ${c?.status ?? ''} ${c?.reason ?? ''} ${c?.message ?? ''}`;
        }
        return `patch ${at} ${JSON.stringify(patch.body)}`;
      }
    }
  }
  if (action.type === 'event')
    return `event ${action.involved.kind} ${action.involved.name} ${action.eventType} ${action.reason}: ${action.message}`;
  const ops =
    action.write.verb === 'patch' && action.write.patch.type === 'json'
      ? action.write.patch.operations
      : [];
  return `reset Pod ${action.pod.namespace ?? ''}/${action.pod.name} ${ops.map(opText).join(' ')}`;
}

/** Applies the plan's pod writes to `listed`, as the API would (a test's next round). */
export function applyPodWrites(
  listed: readonly Pod[],
  actions: readonly SidecarSetAction[],
): Pod[] {
  return listed.map((p) => {
    let out = structuredClone(p);
    for (const a of actions) {
      const w = 'verb' in a ? a : a.type === 'resetHotUpgrade' ? a.write : undefined;
      if (w?.verb !== 'patch' || w.key.name !== p.metadata?.name || w.resource.kind !== 'Pod')
        continue;
      if (w.patch.type === 'json') {
        out = fastJsonPatch.applyPatch(
          out,
          structuredClone(w.patch.operations) as fastJsonPatch.Operation[],
        ).newDocument;
      }
    }
    return out;
  });
}

/** The kubelet's part: every container runs its spec image (a new imageID), and the pod is ready. */
export function kubeletCatchesUp(p: Pod): Pod {
  const out = structuredClone(p);
  const specs = [...(out.spec?.containers ?? [])];
  out.status = {
    ...out.status,
    containerStatuses: specs.map((c) => runningStatus(c.name, c.image ?? '')),
    ...(out.spec?.initContainers !== undefined && {
      initContainerStatuses: out.spec.initContainers.map((c) =>
        runningStatus(c.name, c.image ?? ''),
      ),
    }),
  };
  return out;
}
