/**
 * The `kruise-fn` command line (package.json `bin`, through kruise-fn.js).
 * One command so far:
 *
 *   kruise-fn explain POD.yaml (--sidecarsets DIR | --kubeconfig FILE)
 *     [--namespace NS] [--namespace-labels k=v,...] [--feature-gates A=true,...]
 *     [--kruise-namespace NS]
 *
 * Exit codes as diff(1): 0 admission leaves the pod unchanged, 1 it would
 * change it (or deny it), 2 trouble (bad arguments, a missing or invalid
 * file, an unreachable cluster): one line on stderr, no stack.
 */
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { featureGatesFrom } from '../../../shared/feature-gates.js';
import { createLogger } from '../../../shared/log/index.js';
import { ExplainInputError } from './documents.js';
import { explainPod } from './explain.js';

export const USAGE = `usage: kruise-fn explain POD.yaml (--sidecarsets DIR | --kubeconfig FILE)
         [--namespace NS] [--namespace-labels KEY=VALUE,...]
         [--feature-gates NAME=BOOL,...] [--kruise-namespace NS]

Prints what the admission webhook would do to the pod on CREATE, as a unified
diff of its YAML, and writes nothing. Exit status: 0 no change, 1 a change or
a denial, 2 trouble.
`;

export interface CliIO {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Default: the wall clock. */
  readonly now?: () => Date;
}

const OPTIONS = {
  sidecarsets: { type: 'string' },
  kubeconfig: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  'namespace-labels': { type: 'string' },
  'feature-gates': { type: 'string' },
  'kruise-namespace': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Arguments the command cannot take. */
class UsageError extends ExplainInputError {}

/** `a=b,c=d` as labels. */
function parseLabels(spec: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--namespace-labels: "${pair}" is not KEY=VALUE`);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return labels;
}

async function explainCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: OPTIONS,
    allowPositionals: true,
  });
  if (values.help === true) {
    io.stdout(USAGE);
    return 0;
  }
  const [podFile, ...extra] = positionals;
  if (podFile === undefined || extra.length > 0) {
    throw new UsageError('explain takes exactly one pod file');
  }
  const { sidecarsets, kubeconfig } = values;
  if ((sidecarsets === undefined) === (kubeconfig === undefined)) {
    throw new UsageError('give exactly one of --sidecarsets DIR and --kubeconfig FILE');
  }
  const labels = values['namespace-labels'];
  if (labels !== undefined && kubeconfig !== undefined) {
    throw new UsageError(
      '--namespace-labels goes with --sidecarsets (--kubeconfig reads the Namespace)',
    );
  }
  const gateFlag = values['feature-gates'];
  const gates = featureGatesFrom(
    gateFlag === undefined ? [] : [`--feature-gates=${gateFlag}`],
    io.env,
  );
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  const result = await explainPod({
    podFile,
    source:
      kubeconfig !== undefined
        ? { kubeconfig }
        : {
            directory: {
              dir: sidecarsets ?? '',
              ...(labels !== undefined && { namespaceLabels: parseLabels(labels) }),
            },
          },
    ...(values.namespace !== undefined && { namespace: values.namespace }),
    gates,
    kruiseNamespace: values['kruise-namespace'] ?? (io.env['POD_NAMESPACE'] || 'kruise-system'),
    log: createLogger({ format: 'json', level: 0, destination: discard }),
    ...(io.now !== undefined && { now: io.now }),
  });
  io.stdout(result.text);
  return result.exitCode;
}

/** Runs `kruise-fn <args>`; resolves to the exit code. */
export async function runCli(args: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === 'explain') return await explainCommand(rest, io);
    if (command === '-h' || command === '--help') {
      io.stdout(USAGE);
      return 0;
    }
    throw new UsageError(
      command === undefined ? 'no command given' : `unknown command "${command}"`,
    );
  } catch (err) {
    // Every failure is one line: the message, never the stack; argument mistakes add the usage.
    const message = err instanceof Error ? err.message : String(err);
    const usage = err instanceof UsageError || isArgError(err) ? `\n${USAGE}` : '';
    io.stderr(`kruise-fn: ${message}\n${usage}`);
    return 2;
  }
}

const isArgError = (err: unknown): boolean =>
  err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS');
