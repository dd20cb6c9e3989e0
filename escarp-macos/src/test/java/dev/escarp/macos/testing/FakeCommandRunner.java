package dev.escarp.macos.testing;

import dev.escarp.macos.command.CommandResult;
import dev.escarp.macos.command.CommandRunner;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link CommandRunner} that runs nothing: it records every command line and answers per
 * program, from a queue of answers (the last one repeats) or a handler that may act on files the
 * way the real tool would. A program with no answer succeeds with no output.
 */
public final class FakeCommandRunner implements CommandRunner {

  private final Set<String> installed = new HashSet<>();
  private final Map<String, Deque<Function<List<String>, CommandResult>>> answers = new HashMap<>();
  private final List<List<String>> commands = new ArrayList<>();

  public FakeCommandRunner install(String... programs) {
    installed.addAll(List.of(programs));
    return this;
  }

  /** Answers the next call of {@code program} with {@code handler}; the last handler queued repeats. */
  public FakeCommandRunner on(String program, Function<List<String>, CommandResult> handler) {
    answers.computeIfAbsent(program, p -> new ArrayDeque<>()).addLast(handler);
    return this;
  }

  /** Answers the next call of {@code program} with this exit code and no output. */
  public FakeCommandRunner exits(String program, int exitCode) {
    return on(program, command -> new CommandResult(command, exitCode, "", exitCode == 0 ? "" : program + " failed"));
  }

  public List<List<String>> commands() {
    return List.copyOf(commands);
  }

  /** The command lines that ran {@code program}. */
  public List<List<String>> commandsOf(String program) {
    return commands.stream().filter(c -> c.get(0).equals(program)).toList();
  }

  @Override
  public synchronized CommandResult run(List<String> command, Duration timeout) {
    commands.add(List.copyOf(command));
    Deque<Function<List<String>, CommandResult>> queue = answers.get(command.get(0));
    if (queue == null || queue.isEmpty()) {
      return CommandResult.ok(command, "");
    }
    Function<List<String>, CommandResult> handler = queue.size() > 1 ? queue.removeFirst() : queue.peekFirst();
    return handler.apply(command);
  }

  @Override
  public boolean isInstalled(String program) {
    return installed.contains(program);
  }
}
