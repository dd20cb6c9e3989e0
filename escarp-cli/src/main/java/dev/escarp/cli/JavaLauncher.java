package dev.escarp.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts another JVM running escarp with this one's class path: how the
 * CLI starts the daemon in the background. Daemon JVM flags keep its footprint small.
 */
public record JavaLauncher(String javaBinary, String classPath, List<String> jvmFlags) {

  public JavaLauncher {
    jvmFlags = List.copyOf(jvmFlags);
  }

  /** This JVM's own binary and class path. */
  public static JavaLauncher current() {
    String binary = ProcessHandle.current().info().command()
        .orElse(System.getProperty("java.home") + "/bin/java");
    return new JavaLauncher(binary, System.getProperty("java.class.path"), List.of(
        "-XX:+UseSerialGC", "-Xss512k", "-Xms8m", "-Xmx64m", "-XX:ReservedCodeCacheSize=24m",
        "-XX:MaxMetaspaceSize=64m",
        "--enable-native-access=ALL-UNNAMED"));
  }

  public List<String> command(String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary);
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(args);
    return command;
  }
}
