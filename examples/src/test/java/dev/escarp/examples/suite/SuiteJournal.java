package dev.escarp.examples.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The sample suite's evidence, not part of the extension: for each test, which JVM ran it, which
 * slot it held, when it asked for a browser, and the span in which it held one. One small file per
 * test in the directory named by the {@code escarp.suite.journal} system property (set by the
 * build), so the two test JVMs never write to the same file. {@link SuiteJournalCheck} reads them
 * after both JVMs are done. Without the property nothing is recorded.
 */
public final class SuiteJournal implements BeforeEachCallback, ParameterResolver {

  static final String DIRECTORY_PROPERTY = "escarp.suite.journal";

  private static final Namespace NAMESPACE = Namespace.create(SuiteJournal.class);

  /** One test's record; {@code requested} is taken before its browser parameter is resolved. */
  public static final class Entry {
    private final String test;
    private final Instant requested;
    private int slot = -1;
    private Instant held;

    Entry(String test, Instant requested) {
      this.test = test;
      this.requested = requested;
    }

    /** Call first thing once the browser is held. */
    public void held(int slotIndex) {
      this.slot = slotIndex;
      this.held = Instant.now();
    }

    /** Call last thing before the browser is given back; writes the record. */
    public void releasing() {
      Optional<Path> dir = directory();
      if (dir.isEmpty() || held == null) {
        return;
      }
      String line = String.join(" ",
          "slot=" + slot,
          "pid=" + ProcessHandle.current().pid(),
          "requested=" + micros(requested),
          "held=" + micros(held),
          "released=" + micros(Instant.now()),
          "test=" + test.replace(' ', '_'));
      try {
        Files.createDirectories(dir.get());
        Files.writeString(dir.get().resolve(UUID.randomUUID() + ".rec"), line + "\n", StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    String test = context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName();
    context.getStore(NAMESPACE).put(Entry.class, new Entry(test, Instant.now()));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Entry.class;
  }

  @Override
  public Entry resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NAMESPACE).get(Entry.class, Entry.class);
  }

  static Optional<Path> directory() {
    return Optional.ofNullable(System.getProperty(DIRECTORY_PROPERTY)).filter(s -> !s.isBlank()).map(Path::of);
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }
}
