/** Memory of another process, from /proc (Linux): resident now and its high-water mark. */
import { readFileSync } from "node:fs";

export interface ProcMemory {
  /** VmRSS in kB. */
  readonly rssKb: number;
  /** VmHWM in kB: the peak resident set since the process started. */
  readonly hwmKb: number;
}

export function procMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status);
    if (!match?.[1]) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(match[1]);
  };
  return { rssKb: field("VmRSS"), hwmKb: field("VmHWM") };
}
