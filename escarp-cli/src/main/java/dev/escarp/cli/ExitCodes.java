package dev.escarp.cli;

/** The exit codes every escarp command documents ({@code escarp docs exit-codes}). */
public final class ExitCodes {

  public static final int OK = 0;
  /** The operation failed (a browser would not launch, the daemon refused a request, ...). */
  public static final int FAILURE = 1;
  /** Bad command line: unknown option, missing or malformed argument. */
  public static final int USAGE = 2;
  /** Refused because slots are leased (scale, pool remove, daemon stop --kill-pool): add --force. */
  public static final int LEASED = 3;
  /** No escarp daemon answers. */
  public static final int UNREACHABLE = 4;
  /** The pool is exhausted, or the named slot is taken. */
  public static final int TAKEN = 5;
  /** Ended by Ctrl-C (SIGINT), as shells report it. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
