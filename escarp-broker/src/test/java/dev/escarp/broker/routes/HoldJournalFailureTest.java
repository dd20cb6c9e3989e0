package dev.escarp.broker.routes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.core.lease.JournalFiles;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code /hold} whose connection drops while the journal cannot be written: the release is
 * refused then, and must be tried again once the journal can be written, not left to the TTL.
 */
class HoldJournalFailureTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1, Map.of("ESCARP_LEASE_TTL_S", "600"));
  private static ApiClient api;

  @BeforeAll
  static void client() {
    api = daemon.api();
  }

  private static String stateOf(int slot) {
    return api.get("/status").json().get("slots").get(slot).get("state").asText();
  }

  @Test
  void aDroppedHold_whoseReleaseTheJournalRefused_isReleasedOnceTheJournalCanBeWrittenAgain() throws Exception {
    await("the slot is free").atMost(Duration.ofSeconds(15)).until(() -> stateOf(0).equals("free"));
    Reply acquired = api.post("/acquire", "{\"holder\": \"held\", \"slot\": 0}");
    assertEquals(200, acquired.status(), acquired.toString());
    String body = "{\"lease_token\": \"" + acquired.json().get("lease_token").asText() + "\"}";
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.port());
    OutputStream out = socket.getOutputStream();
    out.write(("POST /hold HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
    out.flush();
    List<Path> copies = JournalFiles.copies(daemon.daemon().pool().home().leaseJournalFile());
    await("the journal holds the lease").atMost(Duration.ofSeconds(5))
        .until(() -> copies.stream().anyMatch(Files::isRegularFile));
    // A full disk, as root sees one: a non-empty directory where each copy of the journal is written.
    List<Optional<byte[]>> lastSaved = new ArrayList<>();
    for (Path copy : copies) {
      lastSaved.add(Files.isRegularFile(copy) ? Optional.of(Files.readAllBytes(copy)) : Optional.empty());
      Files.deleteIfExists(copy);
      Files.createDirectories(copy.resolve("in-the-way"));
    }

    socket.close(); // the holder dies
    await("the refused release leaves the lease active").during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(5)).until(() -> stateOf(0).equals("leased"));
    JsonNode beat = api.post("/heartbeat", body).json();
    assertEquals("held", beat.get("holder").asText());

    for (int i = 0; i < copies.size(); i++) { // room again
      Files.delete(copies.get(i).resolve("in-the-way"));
      Files.delete(copies.get(i));
      if (lastSaved.get(i).isPresent()) {
        Files.write(copies.get(i), lastSaved.get(i).get());
      }
    }
    await("the release is tried again and saved, long before the 600 s TTL")
        .atMost(Duration.ofSeconds(10)).until(() -> !stateOf(0).equals("leased"));
    assertEquals("unknown_lease", api.post("/heartbeat", body).error());
    await("the slot is free again").atMost(Duration.ofSeconds(15)).until(() -> stateOf(0).equals("free"));
  }
}
