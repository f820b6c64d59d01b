/**
 * A Go oracle's binary for TypeScript tests: its build.sh builds it once into
 * the binary cache (or finds it there, which takes milliseconds) and prints
 * its path; the path is kept for the process.
 */
import { execFileSync, spawn } from 'node:child_process';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';

/** The binary's path, from `buildScript` (run once per process); `what` names it in errors. */
export function cachedBinary(buildScript: string, what: string): () => string {
  let binary: string | undefined;
  return () => {
    if (binary !== undefined) return binary;
    try {
      binary = execFileSync('bash', [buildScript], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }).trim();
    } catch (err) {
      const stderr = (err as { stderr?: unknown }).stderr;
      throw new Error(
        `${what} could not be built (\`make go-oracle\` builds it):\n${String(stderr ?? err)}`,
        { cause: err },
      );
    }
    return binary;
  };
}

/**
 * Runs `binary subcommand` once over all `requests` (one JSON line each way)
 * and returns its answers in order; rejects, with its stderr, when it exits
 * non-zero or answers fewer lines than it was asked.
 */
export function runLines<Req, Ans>(
  binary: string,
  subcommand: string,
  requests: readonly Req[],
): Promise<Ans[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [subcommand], { stdio: 'pipe' });
    const answers: Ans[] = [];
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    let exitCode: number | null | undefined;
    let read = false;
    const settle = () => {
      if (exitCode === undefined || !read) return;
      if (exitCode === 0 && answers.length === requests.length) resolve(answers);
      else {
        const why = `exited with ${String(exitCode)} after ${answers.length} answers`;
        reject(new Error(`${basename(binary)} ${subcommand} ${why}: ${stderr}`));
      }
    };
    createInterface({ input: child.stdout })
      .on('line', (line) => answers.push(JSON.parse(line) as Ans))
      .on('close', () => {
        read = true;
        settle();
      });
    child.on('error', reject);
    child.on('exit', (code) => {
      exitCode = code;
      settle();
    });
    child.stdin.end(requests.map((r) => `${JSON.stringify(r)}\n`).join(''));
  });
}
