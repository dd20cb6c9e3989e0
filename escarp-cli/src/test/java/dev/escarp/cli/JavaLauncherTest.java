package dev.escarp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaLauncherTest {

  @TempDir Path tmp;

  @Test
  void theBackgroundDaemon_getsTheSameLongRunFlagsAsBinEscarpDaemon() throws IOException {
    String script = Files.readString(Path.of("src/dist/bin/escarp"));
    Matcher longFlags = Pattern.compile("(?m)^\\s*else\\s*\\n\\s*flags=\"([^\"]+)\"").matcher(script);
    assertTrue(longFlags.find(), "bin/escarp sets the long-run flags in its else branch");

    assertEquals(List.of(longFlags.group(1).split(" ")), JavaLauncher.LONG_RUN_FLAGS);
    assertTrue(script.contains("flags=\"$flags -Djnr.ffi.asm.enabled=false\""));
    assertTrue(JavaLauncher.current().jvmFlags().containsAll(JavaLauncher.LONG_RUN_FLAGS));
    assertTrue(JavaLauncher.current().jvmFlags().contains("-Djnr.ffi.asm.enabled=false"));
  }

  @Test
  void theClassDataArchive_isUsedOnlyBesideTheDistributionsOneJar_whereTheBuildMadeIt() throws IOException {
    Path jar = Files.createFile(tmp.resolve("escarp-cli-2.0.0.jar"));
    assertEquals(Optional.empty(), JavaLauncher.archiveBeside(jar.toString()), "no archive there yet");

    Path archive = Files.createFile(tmp.resolve("escarp.jsa"));
    assertEquals(Optional.empty(), JavaLauncher.archiveBeside(jar.toString()), "no record of where it was made");

    Files.writeString(tmp.resolve("escarp.jsa.lib"), "/somewhere/else/lib\n");
    assertEquals(Optional.empty(), JavaLauncher.archiveBeside(jar.toString()), "made for a distribution elsewhere");

    Files.writeString(tmp.resolve("escarp.jsa.lib"), tmp.toRealPath() + "\n");
    assertEquals(Optional.of(archive), JavaLauncher.archiveBeside(jar.toString()));
    assertEquals(Optional.empty(), JavaLauncher.archiveBeside(jar + ":" + tmp.resolve("other.jar")),
        "a class path of several entries is not the distribution's");
    assertEquals(Optional.empty(), JavaLauncher.archiveBeside(tmp.resolve("classes").toString()));
  }
}
