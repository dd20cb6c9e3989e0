package dev.escarp.macos.command;

import java.time.Duration;
import java.util.List;

/**
 * Runs the macOS tools escarp shells out to ({@code cp}, {@code plutil}, {@code codesign}, {@code
 * osascript}, {@code pkill}, {@code pgrep}). It is the seam that lets every command line be checked
 * on Linux with a fake that records what it was asked and answers as told.
 *
 * <p>Implementations may be called from any thread; {@link #run} blocks up to the timeout.
 */
public interface CommandRunner {

  /** Runs {@code command} (no shell) and waits at most {@code timeout}; never throws for a failed or missing program. */
  CommandResult run(List<String> command, Duration timeout);

  /** Whether {@code program} is an executable on this runner's {@code PATH}. */
  boolean isInstalled(String program);
}
