/** Whether a process id belongs to a running process, for instance files and lock files. */

/** True when a process with this pid exists (even one we may not signal). */
export function isProcessAlive(pid: number): boolean {
  try {
    // Signal 0 checks existence and permission without delivering anything.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
