package dev.escarp.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path temp;

  @Test
  void replace_createsTheFileAndAMissingFolderPrivate_andLeavesNoTempFile() throws IOException {
    Path file = temp.resolve("home").resolve("journal.json");

    AtomicFiles.replace(file, bytes("{\"a\": 1}"));

    assertEquals("{\"a\": 1}", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    assertFalse(Files.exists(file.resolveSibling(".journal.json." + ProcessHandle.current().pid() + ".tmp")));
  }

  @Test
  void replace_replacesLongerContentWhole_andReusesATempFileACrashLeftBehind() throws IOException {
    Path file = temp.resolve("journal.json");
    AtomicFiles.replace(file, bytes("a much longer first version"));
    Files.writeString(temp.resolve(".journal.json." + ProcessHandle.current().pid() + ".tmp"), "left by a crash, longer than what comes next");

    AtomicFiles.replace(file, bytes("short"));

    assertEquals("short", Files.readString(file));
    assertFalse(Files.exists(temp.resolve(".journal.json." + ProcessHandle.current().pid() + ".tmp")));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
