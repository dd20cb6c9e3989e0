package dev.escarp.broker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.core.lease.JournalFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's first minute spent before it serves, against a scratch table that leaves no trace. */
class WarmUpTest {

  @TempDir
  Path home;

  @Test
  void theDaemon_warmsUpBeforeItServes_andNothingOfTheWarmUpIsLeft() throws Exception {
    try (TestDaemon daemon = TestDaemon.create(home, 1, Map.of(WarmUp.ENV, "400")).start()) {
      String out = daemon.output();
      Matcher warmed = Pattern.compile("warmed up before serving: (\\d+) requests").matcher(out);
      assertTrue(warmed.find(), out);
      assertTrue(Integer.parseInt(warmed.group(1)) >= 7, "at least one acquire-to-release cycle ran: " + out);
      assertTrue(out.indexOf("warmed up") < out.indexOf("escarp daemon serving on"), out);

      JsonNode slot = daemon.api().get("/status").json().get("slots").get(0);
      assertEquals("free", slot.get("state").asText(), slot.toString());
      String metrics = daemon.api().get("/metrics").body();
      long acquires = metrics.lines().filter(l -> l.startsWith("escarp_acquires_total{"))
          .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
      assertEquals(0, acquires, "warm-up acquires are not counted: " + metrics);
      try (Stream<Path> files = Files.list(daemon.pool().home().root())) {
        assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith(".warm-up-")).count(),
            "the scratch folder is gone");
      }
      Reply acquired = daemon.api().post("/acquire", "{\"holder\": \"first-user\"}");
      assertEquals(200, acquired.status(), acquired.toString());
      assertEquals(0, acquired.json().get("slot").asInt());
      for (Path copy : JournalFiles.copies(daemon.pool().home().leaseJournalFile())) {
        if (Files.exists(copy)) {
          assertFalse(Files.readString(copy).contains("escarp-warm-up"), copy + " holds no warm-up lease");
        }
      }
    }
  }

  @Test
  void aWarmUpThatFails_costsTheWarmUpOnly_andSaysSo() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    Optional<WarmUp.Done> done = WarmUp.beforeServing(Map.of(WarmUp.ENV, "200"), table -> {
      throw new IllegalStateException("no routes today");
    }, home, out);

    assertEquals(Optional.empty(), done);
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("warm-up before serving failed (no routes today)"),
        bytes.toString(StandardCharsets.UTF_8));
    try (Stream<Path> files = Files.list(home)) {
      assertEquals(0, files.count(), "the scratch folder is gone");
    }
  }

  @Test
  void budget_isOnByDefault_offAtZero_andRefusesWhatIsNotACountOfMilliseconds() {
    assertEquals(Optional.of(Duration.ofMillis(WarmUp.DEFAULT_MILLIS)), WarmUp.budget(Map.of()));
    assertEquals(Optional.of(Duration.ofMillis(250)), WarmUp.budget(Map.of(WarmUp.ENV, "250")));
    assertEquals(Optional.empty(), WarmUp.budget(Map.of(WarmUp.ENV, "0")));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> WarmUp.budget(Map.of(WarmUp.ENV, "soon")));
    assertTrue(bad.getMessage().contains("ESCARP_WARMUP_MS") && bad.getMessage().contains("soon"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WarmUp.budget(Map.of(WarmUp.ENV, "-5")));
  }
}
