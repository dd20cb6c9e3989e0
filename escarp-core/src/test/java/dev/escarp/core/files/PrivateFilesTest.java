package dev.escarp.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

  @TempDir Path temp;

  @Test
  void privateHome_createsAMissingHomeAndItsParents0700() throws IOException {
    Path home = temp.resolve("a").resolve("home");
    assertFalse(PrivateFiles.privateHome(home));
    assertEquals("rwx------", mode(home));
    assertEquals("rwx------", mode(home.getParent()));
  }

  @Test
  void privateHome_tightensAnExistingHomeThatOthersCanRead() throws IOException {
    Path home = Files.createDirectory(temp.resolve("home"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertTrue(PrivateFiles.privateHome(home));
    assertEquals("rwx------", mode(home));
    assertFalse(PrivateFiles.privateHome(home), "a private home is left alone");
  }

  @Test
  void file_createsAMissingFile0600_andLeavesAnExistingOneAlone() throws IOException {
    Path log = temp.resolve("d").resolve("daemon.log");
    PrivateFiles.file(log);
    assertEquals("rw-------", mode(log));
    assertEquals("rwx------", mode(log.getParent()));
    Files.writeString(log, "kept");
    PrivateFiles.file(log);
    assertEquals("kept", Files.readString(log));
  }

  @Test
  void atomicWrites_andSideFileLocks_makePrivateFilesInPrivateFolders() throws IOException {
    Path target = temp.resolve("x").resolve("pool.json");
    AtomicFiles.write(target, new byte[] {'{', '}'});
    assertEquals("rw-------", mode(target));
    assertEquals("rwx------", mode(target.getParent()));
    Path lock = temp.resolve("y").resolve("leases.json.lock");
    SideFileLock.holding(lock, () -> null);
    assertEquals("rw-------", mode(lock));
    assertEquals("rwx------", mode(lock.getParent()));
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
