package dev.escarp.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line that starts another JVM running escarp with this one's class path: how the
 * CLI starts the daemon in the background. The flags are bin/escarp's for long-running commands:
 * a small, fixed footprint, jnr-ffi without run-time bytecode generation, and the distribution's
 * class-data archive when there is one beside the jar.
 */
public record JavaLauncher(String javaBinary, String classPath, List<String> jvmFlags) {

  /** bin/escarp's flags for commands that run long (the daemon, the MCP shim); BENCHMARKS.md says why. */
  static final List<String> LONG_RUN_FLAGS = List.of(
      "-XX:+UseSerialGC", "-Xss512k", "-Xms8m", "-Xmx64m", "-XX:ReservedCodeCacheSize=24m",
      "-XX:MaxMetaspaceSize=64m", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:TrimNativeHeapInterval=2000",
      "-Dio.netty.jfr.enabled=false");

  public JavaLauncher {
    jvmFlags = List.copyOf(jvmFlags);
  }

  /** This JVM's own binary and class path. */
  public static JavaLauncher current() {
    String binary = ProcessHandle.current().info().command()
        .orElse(System.getProperty("java.home") + "/bin/java");
    String classPath = System.getProperty("java.class.path");
    List<String> flags = new ArrayList<>(LONG_RUN_FLAGS);
    flags.add("-Djnr.ffi.asm.enabled=false");
    archiveBeside(classPath).ifPresent(archive -> flags.addAll(List.of(
        "-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off")));
    flags.add("--enable-native-access=ALL-UNNAMED");
    return new JavaLauncher(binary, classPath, flags);
  }

  /**
   * The distribution's lib/escarp.jsa, when the class path is the distribution's one jar and the
   * distribution is where the build made the archive (lib/escarp.jsa.lib says where): the archive
   * names the jar by absolute path, and a JVM that finds it elsewhere runs with no archive at all.
   */
  static Optional<Path> archiveBeside(String classPath) {
    if (classPath.isEmpty() || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
      return Optional.empty();
    }
    Path parent = Path.of(classPath).toAbsolutePath().getParent();
    if (parent == null) {
      return Optional.empty();
    }
    Path archive = parent.resolve("escarp.jsa");
    try {
      String madeIn = Files.readString(parent.resolve("escarp.jsa.lib")).trim();
      return Files.isRegularFile(archive) && madeIn.equals(parent.toRealPath().toString())
          ? Optional.of(archive)
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
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
