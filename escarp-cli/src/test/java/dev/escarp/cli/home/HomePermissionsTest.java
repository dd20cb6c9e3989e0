package dev.escarp.cli.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.cli.testing.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ESCARP_HOME holds lock records and logs that name holders and pids: a real {@code escarp up},
 * a lease and its release leave the home 0700, every folder escarp made in it 0700 and every
 * file 0600 (inside a profile, Chromium's own files are Chromium's business).
 */
class HomePermissionsTest {

  @TempDir Path temp;

  @Test
  void upAcquireRelease_leaveTheHomeAndEverythingEscarpMadeInItPrivate() throws IOException {
    Path home = temp.resolve("not-yet").resolve("home");
    try (CliHarness cli = new CliHarness(home, 1)) {
      CliHarness.Result up = cli.run("up", "--pool-size", "1");
      assertEquals(0, up.exitCode(), up.toString());
      assertEquals(0, cli.run("acquire", "--holder", "modes").exitCode());
      assertEquals(0, cli.run("release", "--mine").exitCode());

      List<String> wrong = new ArrayList<>();
      Path profiles = home.resolve("profiles");
      try (Stream<Path> all = Files.walk(home)) {
        all.filter(p -> !insideAProfile(profiles, p) || p.getFileName().toString().equals("escarp-launch.log"))
            .forEach(p -> {
              String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
              String actual = mode(p);
              if (!expected.equals(actual)) {
                wrong.add(home.relativize(p) + " is " + actual);
              }
            });
      }
      assertTrue(Files.exists(home.resolve("locks")), "the daemon made its lock folder");
      assertTrue(Files.exists(home.resolve("daemon.log")), "the daemon's log is there");
      assertTrue(wrong.isEmpty(), "not private: " + wrong);
      assertEquals(0, cli.run("daemon", "stop", "--kill-pool").exitCode());
    }
  }

  /** Below a slot's profile folder (profiles/<tier>/slot-<s>/...), where Chromium makes its files. */
  private static boolean insideAProfile(Path profiles, Path p) {
    return p.startsWith(profiles) && profiles.relativize(p).getNameCount() > 2;
  }

  private static String mode(Path p) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    } catch (IOException e) {
      return "unreadable (" + e.getMessage() + ")";
    }
  }
}
