/**
 * A Go oracle's binary for TypeScript tests: its build.sh builds it once into
 * the binary cache (or finds it there, which takes milliseconds) and prints
 * its path; the path is kept for the process.
 */
import { execFileSync } from 'node:child_process';

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
