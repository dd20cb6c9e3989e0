package dev.escarp.core.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Creates what lives under {@code ESCARP_HOME} private to its user: folders 0700, files 0600
 * (lock records and logs name holders and pids). On a file system without POSIX permissions the
 * modes are skipped. Not part of escarp's API.
 */
public final class PrivateFiles {

  public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private PrivateFiles() {}

  /** Creates this folder and any missing parents 0700; existing ones are left as they are. */
  public static Path directories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    try {
      return Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    } catch (UnsupportedOperationException notPosix) {
      return Files.createDirectories(dir);
    }
  }

  /** Creates this file empty and 0600 (its folder 0700) unless it exists; returns it. */
  public static Path file(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      directories(parent);
    }
    try {
      Files.createFile(file, fileAttribute());
    } catch (FileAlreadyExistsException exists) {
      // kept as it is
    } catch (UnsupportedOperationException notPosix) {
      try {
        Files.createFile(file);
      } catch (FileAlreadyExistsException exists) {
        // kept as it is
      }
    }
    return file;
  }

  /** The attribute that creates a file 0600 ({@link Files#createFile}, {@code FileChannel.open}). */
  public static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
    return PosixFilePermissions.asFileAttribute(FILE);
  }

  /**
   * Creates {@code ESCARP_HOME} 0700, or takes group and others' access off an existing one (it
   * is its user's own: lock records and logs in it name holders and pids). Returns true when an
   * existing folder was tightened.
   */
  public static boolean privateHome(Path home) throws IOException {
    if (!Files.isDirectory(home)) {
      directories(home);
      return false;
    }
    try {
      Set<PosixFilePermission> now = Files.getPosixFilePermissions(home);
      if (now.stream().noneMatch(GROUP_OR_OTHERS::contains)) {
        return false;
      }
      Set<PosixFilePermission> tightened = EnumSet.copyOf(now);
      tightened.removeAll(GROUP_OR_OTHERS);
      Files.setPosixFilePermissions(home, tightened);
      return true;
    } catch (UnsupportedOperationException notPosix) {
      return false;
    }
  }
}
