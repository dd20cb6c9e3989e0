package dev.escarp.cdp.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetacherTest {

  @TempDir Path bin;

  private void tool(String name) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private List<String> command() {
    Host host = new Host(Host.Os.MAC, 501, Map.of("PATH", bin.toString()));
    return new Detacher(host).command(Path.of("/opt/chrome"), List.of("--flag"));
  }

  @Test
  void setsidOnPath_startsTheBrowserInANewSession() throws IOException {
    tool("setsid");
    tool("perl");

    assertEquals(List.of(bin.resolve("setsid").toString(), "/opt/chrome", "--flag"), command());
  }

  @Test
  void withoutSetsid_asOnMacOs_perlsPosixSetsidDoesIt() throws IOException {
    tool("perl");

    List<String> command = command();

    assertEquals(bin.resolve("perl").toString(), command.get(0));
    assertEquals("-e", command.get(1));
    assertEquals(List.of("/opt/chrome", "--flag"), command.subList(3, 5));
  }

  @Test
  void withNeither_nohupIsTheLastResort() {
    assertEquals("nohup", command().get(0));
  }
}
