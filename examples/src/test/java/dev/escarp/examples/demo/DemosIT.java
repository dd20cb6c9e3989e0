package dev.escarp.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every demo, run as a user runs it: its own JVM (what {@code examples/demo <name>} starts), no
 * ESCARP_* settings (so it makes a temporary pool on free ports and stops it), exit status 0. One
 * at a time: the lockstep demo measures parallelism and wants the two cores to itself.
 */
@Execution(ExecutionMode.SAME_THREAD)
class DemosIT {

  @ParameterizedTest
  @ValueSource(strings = {"lockstep", "reset-on-release", "no-clobber", "killed-holder", "killed-holder hold"})
  void theDemoExitsZero(String name) throws Exception {
    Process demo = start(name.split(" "));
    String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(demo.waitFor(2, TimeUnit.MINUTES), "demo " + name + " did not finish");
    System.out.println("---- examples/demo " + name + "\n" + output);

    assertEquals(0, demo.exitValue(), "examples/demo " + name + " failed:\n" + output);
    assertTrue(output.lines().anyMatch(l -> l.contains("OK: ")), output);
  }

  private static Process start(String... nameAndArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"),
        Demos.class.getName()));
    command.addAll(List.of(nameAndArgs));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("ESCARP_") && !k.equals("ESCARP_CHROME"));
    return builder.start();
  }
}
