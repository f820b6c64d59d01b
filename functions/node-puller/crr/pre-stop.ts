/**
 * A CRR container's preStop hook, run as OpenKruise's daemon runs it
 * (kubelet v1.28's lifecycle handler runner, which kuberuntime KillContainer
 * uses): `exec` through CRI ExecSync with no timeout of its own; `httpGet`
 * as a GET to `<scheme>://<host>:<port><path>` with its headers and
 * `User-Agent: kube-lifecycle/1.28`, any HTTP status counting as done; any
 * other handler cannot run. The daemon knows no pod IP (its pod status has
 * none), so an httpGet without `host` fails. A failure is only the text of
 * a FailedPreStopHook event: the container is stopped either way.
 */
import type {
  ContainerRecreateRequest,
  CrrContainer,
} from '../../../shared/api/containerrecreaterequest.js';
import { goQuote } from '../../../shared/go/quote.js';
import { CRR_POD_UID_KEY } from '../../../shared/api/containerrecreaterequest.js';
import { ExecExitError, type CriRuntimeService } from '../cri/runtime-service.js';

/** The kubelet minor version the lifecycle User-Agent names (OpenKruise v1.7.4 vendors 1.28). */
export const LIFECYCLE_USER_AGENT = 'kube-lifecycle/1.28';

export interface PreStopDeps {
  readonly cri: Pick<CriRuntimeService, 'execSync'>;
  readonly fetch: typeof fetch;
}

/** format.Pod: `<name>_<namespace>(<uid>)` of the CRR's pod. */
export const podFormat = (crr: ContainerRecreateRequest): string =>
  `${crr.spec.podName}_${crr.metadata?.namespace ?? ''}(${crr.metadata?.labels?.[CRR_POD_UID_KEY] ?? ''})`;

/** Go's %v of a []string. */
const goSliceV = (values: readonly string[]): string => `[${values.join(' ')}]`;

type HttpGet = NonNullable<NonNullable<CrrContainer['preStop']>['httpGet']>;

/** kubelet's ResolveContainerPort: a number, a numeric string, or a named port of the container. */
export function resolvePort(port: HttpGet['port'], container: CrrContainer): number | Error {
  if (typeof port === 'number') return port;
  if (/^[+-]?\d+$/.test(port)) return Number(port);
  const named = container.ports?.find((p) => p.name === port);
  if (named !== undefined) return named.containerPort;
  return new Error(`couldn't find port: ${port} in ${container.name}`);
}

/** The request kubelet's NewRequestForHTTPGetAction makes, or why it cannot. */
export function httpGetRequest(
  action: HttpGet,
  container: CrrContainer,
): { url: string; headers: Headers; host?: string } | Error {
  const host = action.host ?? '';
  if (host === '')
    return new Error('failed to find networking container: pod has no IP on the daemon');
  const port = resolvePort(action.port, container);
  if (port instanceof Error) return port;
  const scheme = (action.scheme ?? 'HTTP').toLowerCase();
  const hostPort = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const path = action.path ?? '';
  const url = `${scheme}://${hostPort}${path === '' || path.startsWith('/') ? path : `/${path}`}`;
  const headers = new Headers({ 'User-Agent': LIFECYCLE_USER_AGENT, Accept: '*/*' });
  let hostHeader: string | undefined;
  for (const h of action.httpHeaders ?? []) {
    if (h.name.toLowerCase() === 'host') hostHeader = h.value;
    else headers.append(h.name, h.value);
  }
  return { url, headers, ...(hostHeader !== undefined && { host: hostHeader }) };
}

/**
 * Runs `container`'s preStop hook in the runtime's container `runtimeId`;
 * undefined when it succeeded, else the FailedPreStopHook message.
 * `signal` ends an httpGet when the grace period is over.
 */
export async function runPreStopHook(
  crr: ContainerRecreateRequest,
  container: CrrContainer,
  runtimeId: string,
  deps: PreStopDeps,
  signal: AbortSignal,
): Promise<string | undefined> {
  const hook = container.preStop ?? {};
  const pod = podFormat(crr);
  if (hook.exec !== undefined) {
    const command = hook.exec.command ?? [];
    try {
      await deps.cri.execSync(runtimeId, command, 0);
      return undefined;
    } catch (err) {
      const output =
        err instanceof ExecExitError
          ? Buffer.concat([err.result.stdout, err.result.stderr]).toString()
          : '';
      const text = err instanceof Error ? err.message : String(err);
      return (
        `Exec lifecycle hook (${goSliceV(command)}) for Container ${goQuote(container.name)} ` +
        `in Pod ${goQuote(pod)} failed - error: ${text}, message: ${goQuote(output)}`
      );
    }
  }
  if (hook.httpGet !== undefined) {
    const action = hook.httpGet;
    const failed = (why: string) =>
      `HTTP lifecycle hook (${action.path ?? ''}) for Container ${goQuote(container.name)} ` +
      `in Pod ${goQuote(pod)} failed - error: ${why}`;
    const req = httpGetRequest(action, container);
    if (req instanceof Error) return failed(req.message);
    if (req.host !== undefined) req.headers.set('Host', req.host);
    try {
      const res = await deps.fetch(req.url, { headers: req.headers, signal, redirect: 'follow' });
      await res.body?.cancel();
      return undefined;
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : '';
      const text = err instanceof Error ? err.message : String(err);
      return failed(`Get ${goQuote(req.url)}: ${cause === '' ? text : cause}`);
    }
  }
  return `Cannot run handler: invalid handler: ${JSON.stringify(hook)}`;
}
