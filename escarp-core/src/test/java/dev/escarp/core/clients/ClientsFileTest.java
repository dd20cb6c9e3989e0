package dev.escarp.core.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientsFileTest {

  @TempDir Path dir;

  @Test
  void aWrittenFile_isTheOwnersAlone_holdsNoToken_andReadsBackTheSame() throws Exception {
    Path file = dir.resolve("clients.json");
    String token = ClientsFile.newToken();
    ClientsFile written = new ClientsFile(List.of(
        new ClientAccount("ci", ClientAccount.sha256(token), OptionalInt.of(4), OptionalInt.empty())), OptionalInt.of(9));

    written.write(file);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertFalse(Files.readString(file).contains(token), "only the token's hash is stored");
    ClientsFile read = ClientsFile.read(file).orElseThrow();
    assertEquals(written, read);
    assertTrue(read.named("ci").orElseThrow().matches(token));
    assertFalse(read.named("ci").orElseThrow().matches(token + "x"));
  }

  @Test
  void aFileOthersMayRead_isRefused_namingTheFix() throws Exception {
    Path file = dir.resolve("clients.json");
    ClientsFile.empty().write(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    IOException refused = assertThrows(IOException.class, () -> ClientsFile.read(file));
    assertTrue(refused.getMessage().contains("chmod 600"), refused.getMessage());
  }

  @Test
  void noFile_isNoClients_andABadFileSaysWhatIsWrong() throws Exception {
    assertTrue(ClientsFile.read(dir.resolve("none.json")).isEmpty());
    Path file = dir.resolve("clients.json");
    Files.writeString(file, "{\"clients\": [{\"name\": \"x\", \"max_leases\": 2}]}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    IOException bad = assertThrows(IOException.class, () -> ClientsFile.read(file));
    assertTrue(bad.getMessage().contains("token_sha256"), bad.getMessage());
  }
}
