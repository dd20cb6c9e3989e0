package dev.escarp.macos.command;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands with {@link ProcessBuilder}. Output goes to temp files rather than pipes, so a
 * chatty program can never block on a full pipe while we wait for it; a command past its timeout
 * is killed together with its children.
 */
public final class ProcessCommandRunner implements CommandRunner {

  private final Map<String, String> env;

  /** @param env the environment commands run with; its {@code PATH} is where programs are looked up */
  public ProcessCommandRunner(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  /** A runner with this JVM's environment. */
  public static ProcessCommandRunner system() {
    return new ProcessCommandRunner(System.getenv());
  }

  @Override
  public CommandResult run(List<String> command, Duration timeout) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    Objects.requireNonNull(timeout, "timeout");
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("escarp-cmd", ".out");
      err = Files.createTempFile("escarp-cmd", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        return CommandResult.failed(command, CommandResult.NOT_STARTED, String.valueOf(e.getMessage()));
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(2, TimeUnit.SECONDS);
        return new CommandResult(
            command, CommandResult.TIMED_OUT, read(out),
            "killed after " + timeout.toMillis() + " ms. " + read(err));
      }
      return new CommandResult(command, process.exitValue(), read(out), read(err));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CommandResult.failed(command, CommandResult.TIMED_OUT, "interrupted while waiting");
    } catch (IOException e) {
      return CommandResult.failed(command, CommandResult.NOT_STARTED, "could not capture output: " + e.getMessage());
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  @Override
  public boolean isInstalled(String program) {
    if (program.contains("/")) {
      return Files.isExecutable(Path.of(program));
    }
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }
}
