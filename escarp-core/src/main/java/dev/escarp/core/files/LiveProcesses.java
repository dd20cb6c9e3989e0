package dev.escarp.core.files;

/** Whether a process still runs: alive, and on Linux not a zombie that nobody reaped. Not part of escarp's API. */
public final class LiveProcesses {

  private LiveProcesses() {}

  /**
   * True while the process runs. {@link ProcessHandle#isAlive()} alone says true for a zombie (a
   * browser killed under a parent that does not reap, as PID 1 in a container may not), and it
   * says false for a reused pid, since the handle carries the process's start time.
   */
  public static boolean running(ProcessHandle process) {
    return process.isAlive() && !ProcStat.isZombie(process.pid());
  }
}
