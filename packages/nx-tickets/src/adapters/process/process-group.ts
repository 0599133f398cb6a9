import { readdir, readFile } from 'node:fs/promises';

/**
 * Sends `signal` to every process in the group `pgid` (`kill(-pgid)`).
 *
 * @returns `false` when the group no longer exists (ESRCH); other errors (EPERM) are thrown.
 */
export function killProcessGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * Resident memory of every process in the group `pgid`, summed, in MiB; `undefined` without `/proc`
 * (not Linux).
 *
 * Read from `/proc` directly: `pidusage` samples single pids and `pidtree` walks parent links through
 * `ps`, and neither knows process groups — a grandchild reparented to init leaves the tree but stays
 * in the group, which is what we kill. For each pid, `/proc/<pid>/stat` gives the group (field 5,
 * read after the last `)` because the command name may hold spaces and parentheses) and
 * `/proc/<pid>/status` gives `VmRSS` (absent for zombies, which count as 0). Processes that exit
 * while we read are skipped. Cost: one `readdir` of `/proc` and one small read per process.
 */
export async function readProcessGroupRssMb(pgid: number): Promise<number | undefined> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return undefined;
  }
  const pids = entries.filter((entry) => /^\d+$/.test(entry));
  const sizes = await Promise.all(pids.map((pid) => readRssKbInGroup(pid, pgid)));
  return sizes.reduce((sum, kb) => sum + kb, 0) / 1024;
}

async function readRssKbInGroup(pid: string, pgid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) return 0;
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)\s*kB/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}
