package dev.escarp.junit;

import dev.escarp.cdp.watch.BrowserWatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a failed test leaves behind: {@code <evidence dir>/<class>/<method>/screenshot.png} and
 * {@code console.txt}. The paths are added to the failure (as a suppressed {@link Written}, so they
 * show in the report's stack trace) and published as a report entry.
 */
final class Evidence {

  /** Not an error: the note in a failure report that says where its evidence is. */
  static final class Written extends Exception {
    private static final long serialVersionUID = 1L;

    Written(String message) {
      super(message, null, false, false);
    }
  }

  /** How long the console's last messages may take to arrive; each screenshot step may take. */
  private static final Duration FLUSH_WAIT = Duration.ofSeconds(2);
  private static final Duration CAPTURE_WAIT = Duration.ofSeconds(10);

  private Evidence() {}

  static void collect(ExtensionContext context, Throwable failure, BrowserWatch watch, Path root) {
    Path dir = root.resolve(safe(context.getRequiredTestClass().getName())).resolve(methodDir(context));
    List<String> written = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      Path console = dir.resolve("console.txt");
      Files.write(console, watch.console(FLUSH_WAIT).stream().map(e -> e.at() + " " + e.line()).toList(),
          StandardCharsets.UTF_8);
      written.add(console.toAbsolutePath().toString());
    } catch (IOException e) {
      problems.add("console: " + e.getMessage());
    }
    try {
      Optional<byte[]> png = watch.screenshot(CAPTURE_WAIT);
      if (png.isPresent()) {
        Path screenshot = dir.resolve("screenshot.png");
        Files.write(screenshot, png.get());
        written.add(screenshot.toAbsolutePath().toString());
      } else {
        problems.add("screenshot: no tab showed anything");
      }
    } catch (Exception e) {
      problems.add("screenshot: " + e.getMessage());
    }
    String note = "escarp evidence: " + (written.isEmpty() ? "none" : String.join(", ", written))
        + (problems.isEmpty() ? "" : " (not written: " + String.join("; ", problems) + ")");
    failure.addSuppressed(new Written(note));
    if (!written.isEmpty()) {
      context.publishReportEntry("escarp.evidence", dir.toAbsolutePath().toString());
    }
  }

  /** The method's name, plus the invocation number of a repeated or parameterized test. */
  private static String methodDir(ExtensionContext context) {
    String method = context.getTestMethod().map(m -> m.getName()).orElse(context.getDisplayName());
    String id = context.getUniqueId();
    int invocation = id.lastIndexOf("-invocation:#");
    return safe(invocation < 0 ? method : method + "-" + id.substring(invocation + "-invocation:#".length()).replace("]", ""));
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._$-]", "_");
  }
}
