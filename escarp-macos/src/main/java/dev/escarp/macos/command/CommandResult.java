package dev.escarp.macos.command;

import java.util.List;
import java.util.Objects;

/**
 * How one external command ended. A command that could not be started at all (no such program)
 * is reported here too, with {@link #NOT_STARTED} as its exit code, never as an exception: a
 * missing tool is an expected outcome on a machine without it.
 *
 * @param command the command line as run
 * @param exitCode the exit status; {@link #NOT_STARTED} when it never ran, {@link #TIMED_OUT} when
 *     it was killed after the timeout
 * @param stdout what it printed, UTF-8, trimmed of the final newline
 * @param stderr what it printed on stderr (or why it could not start)
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

  /** The shell's "command not found". */
  public static final int NOT_STARTED = 127;

  /** What {@code timeout(1)} reports for a command it ended. */
  public static final int TIMED_OUT = 124;

  public CommandResult {
    command = List.copyOf(command);
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  public static CommandResult ok(List<String> command, String stdout) {
    return new CommandResult(command, 0, stdout, "");
  }

  public static CommandResult failed(List<String> command, int exitCode, String stderr) {
    return new CommandResult(command, exitCode, "", stderr);
  }

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** One line for messages: the program, its exit code and the first line of stderr. */
  public String describe() {
    String program = command.isEmpty() ? "?" : command.get(0);
    String why = stderr.isBlank() ? "" : ": " + stderr.strip().lines().findFirst().orElse("");
    return switch (exitCode) {
      case NOT_STARTED -> program + " could not be started" + why;
      case TIMED_OUT -> program + " timed out" + why;
      default -> program + " exited with " + exitCode + why;
    };
  }
}
