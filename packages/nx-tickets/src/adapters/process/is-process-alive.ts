/**
 * Whether a process of this host exists: signal 0, and a process we may not signal (EPERM) exists
 * too. Only "no such process" (ESRCH) counts as gone.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
