/**
 * Memory and CPU of another process, from Linux's /proc (proc(5)): the peak
 * resident set (`VmHWM`, the high-water mark of `VmRSS`) and the CPU time of
 * all its threads (`utime` + `stime` of /proc/<pid>/stat, in clock ticks).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Memory {
  readonly rssMiB: number;
  readonly peakRssMiB: number;
}

const kibField = (status: string, field: string): number => {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (m?.[1] === undefined) throw new Error(`/proc status has no ${field}`);
  return Number(m[1]);
};

export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    rssMiB: kibField(status, 'VmRSS') / 1024,
    peakRssMiB: kibField(status, 'VmHWM') / 1024,
  };
}

let ticks: number | undefined;
/** sysconf(_SC_CLK_TCK), 100 on every Linux this runs on; asked once. */
function ticksPerSecond(): number {
  if (ticks === undefined) {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    ticks = Number.isInteger(n) && n > 0 ? n : 100;
  }
  return ticks;
}

/** CPU time the process has used so far (user + system, all threads), in ms. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count from its end.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / ticksPerSecond();
}
