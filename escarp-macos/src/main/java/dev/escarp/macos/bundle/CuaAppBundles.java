package dev.escarp.macos.bundle;

import dev.escarp.cdp.launch.Host;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.files.PrivateFiles;
import dev.escarp.core.files.SideFileLock;
import dev.escarp.macos.bundle.BundleResult.CopyMethod;
import dev.escarp.macos.command.CommandResult;
import dev.escarp.macos.command.CommandRunner;
import dev.escarp.macos.command.Pauser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Per-slot app bundles for computer-use agents ({@code launch-pool --cua-apps}): each slot's
 * browser runs from its own copy of the Chrome for Testing {@code .app}, with its own bundle
 * identifier, so an agent that addresses apps can tell slots apart.
 *
 * <p>A bundle is {@code $ESCARP_HOME/cua-apps/Escarp Chrome Slot <s>.app}: cloned copy-on-write
 * ({@code cp -c -R}, APFS {@code clonefile}) where the file system allows, copied otherwise; its
 * {@code Info.plist} names it {@code dev.escarp.chrome.slot<s>}; its main executable is renamed
 * to the app name (so the process list shows which slot is which); and it is re-signed ad hoc when
 * {@code codesign} exists, because the edits break the original signature's seal.
 *
 * <p>Every external tool runs through the {@link CommandRunner}. Blocking; not for an event loop.
 * Building and removing a slot's bundle hold a lock on a side file ({@code .Escarp Chrome Slot
 * <s>.app.lock}), so two {@code launch-pool}s (or threads) at once take turns instead of building
 * into each other's staging folder.
 */
public final class CuaAppBundles {

  static final Duration CLONE_TIMEOUT = Duration.ofMinutes(2);
  static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
  static final Duration QUIT_TIMEOUT = Duration.ofSeconds(15);
  static final Duration QUIT_GRACE = Duration.ofSeconds(5);
  static final Duration TERM_GRACE = Duration.ofSeconds(3);
  static final Duration POLL = Duration.ofMillis(200);

  private final EscarpHome home;
  private final CommandRunner runner;
  private final Pauser pauser;

  public CuaAppBundles(EscarpHome home, CommandRunner runner, Pauser pauser) {
    this.home = Objects.requireNonNull(home, "home");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.pauser = Objects.requireNonNull(pauser, "pauser");
  }

  /** The identity slot {@code s} has (or would have): pure, touches nothing. */
  public CuaAppIdentity identity(int slot) {
    return CuaAppIdentity.forSlot(home, slot);
  }

  /** The slot's identity when its bundle exists on disk (launched with per-slot apps). */
  public Optional<CuaAppIdentity> installed(int slot) {
    CuaAppIdentity identity = identity(slot);
    return Files.isRegularFile(identity.appPath().resolve("Contents").resolve("Info.plist"))
        ? Optional.of(identity)
        : Optional.empty();
  }

  /**
   * The {@code .app} a browser binary sits in, when it is a bundle's main executable ({@code
   * X.app/Contents/MacOS/<exe>}): for Chrome for Testing, {@code Google Chrome for Testing.app}.
   */
  public static Optional<Path> sourceBundleOf(Path browserBinary) {
    Path macOs = browserBinary.toAbsolutePath().normalize().getParent();
    if (macOs == null || !"MacOS".equals(String.valueOf(macOs.getFileName()))) {
      return Optional.empty();
    }
    Path contents = macOs.getParent();
    if (contents == null || !"Contents".equals(String.valueOf(contents.getFileName()))) {
      return Optional.empty();
    }
    Path app = contents.getParent();
    return app != null && String.valueOf(app.getFileName()).endsWith(".app") ? Optional.of(app) : Optional.empty();
  }

  /**
   * A host whose browser binary is the bundle's executable, for {@code BinaryLocator}: launch the
   * slot with {@code new BinaryLocator(CuaAppBundles.launchHost(host, id), home, Optional.empty())}.
   * It sets {@code ESCARP_CHROME}, the locator's first choice.
   */
  public static Host launchHost(Host host, CuaAppIdentity identity) {
    Map<String, String> env = new HashMap<>(host.env());
    env.put("ESCARP_CHROME", identity.executable().toString());
    return host.withEnv(env);
  }

  /**
   * Makes slot {@code s}'s bundle from {@code sourceApp} (a {@code .app}), replacing one that is
   * there. The bundle is built under a hidden name and renamed into place, so a crash never leaves
   * a half-made bundle under the real name. Terminate the slot's app first ({@link #terminate}):
   * replacing the files of a running browser breaks it.
   */
  public BundleResult create(int slot, Path sourceApp) {
    try {
      return SideFileLock.holding(lockFile(slot), () -> createUnlocked(slot, sourceApp));
    } catch (IOException e) {
      return new BundleResult.Failed(slot, "could not lock " + lockFile(slot) + ": " + e.getMessage());
    }
  }

  private Path lockFile(int slot) {
    return home.cuaAppsDir().resolve("." + identity(slot).appName() + ".app.lock");
  }

  private BundleResult createUnlocked(int slot, Path sourceApp) {
    CuaAppIdentity identity = identity(slot);
    Path source = sourceApp.toAbsolutePath().normalize();
    if (!String.valueOf(source.getFileName()).endsWith(".app") || !Files.isDirectory(source)) {
      return new BundleResult.Failed(slot, source + " is not an .app bundle directory");
    }
    if (source.startsWith(home.cuaAppsDir())) {
      return new BundleResult.Failed(slot, source + " is itself a per-slot bundle; clone the Chrome for Testing app instead");
    }
    if (!Files.isRegularFile(source.resolve("Contents").resolve("Info.plist"))) {
      return new BundleResult.Failed(slot, source + " has no Contents/Info.plist");
    }
    Path staging = home.cuaAppsDir().resolve("." + identity.appName() + ".app.partial");
    List<String> notes = new ArrayList<>();
    try {
      PrivateFiles.directories(home.cuaAppsDir());
      deleteTree(staging);
      CopyMethod method = copy(source, staging, notes);
      boolean canSign = runner.isInstalled("codesign");
      Optional<String> problem = rename(staging, identity, notes);
      if (problem.isEmpty()) {
        problem = canSign ? sign(staging, notes) : Optional.empty();
      }
      if (!canSign) {
        notes.add("codesign not found; the bundle is not re-signed");
      }
      if (problem.isPresent()) {
        deleteTree(staging);
        return new BundleResult.Failed(slot, problem.get());
      }
      deleteTree(identity.appPath());
      moveIntoPlace(staging, identity.appPath());
      return new BundleResult.Created(identity, method, canSign, notes);
    } catch (IOException | UncheckedIOException e) {
      try {
        deleteTree(staging);
      } catch (IOException | UncheckedIOException ignored) {
        // the failure below is the one to report
      }
      return new BundleResult.Failed(slot, "could not build " + identity.appPath() + ": " + e.getMessage());
    }
  }

  private CopyMethod copy(Path source, Path target, List<String> notes) throws IOException {
    CommandResult clone = runner.run(List.of("cp", "-c", "-R", source.toString(), target.toString()), CLONE_TIMEOUT);
    if (clone.succeeded()) {
      return CopyMethod.CLONE;
    }
    notes.add("no copy-on-write clone (" + clone.describe() + "); copied the files instead");
    deleteTree(target); // whatever cp -c managed before it gave up
    copyTree(source, target);
    return CopyMethod.COPY;
  }

  /** Renames the executable and rewrites the identity keys of Info.plist; a problem, if any. */
  private Optional<String> rename(Path bundle, CuaAppIdentity identity, List<String> notes) throws IOException {
    Path plist = bundle.resolve("Contents").resolve("Info.plist");
    byte[] content = Files.readAllBytes(plist);
    if (InfoPlist.isBinary(content)) {
      if (!runner.isInstalled("plutil")) {
        return Optional.of(plist + " is a binary plist and plutil, which converts it, is not installed");
      }
      CommandResult converted = runner.run(List.of("plutil", "-convert", "xml1", plist.toString()), TOOL_TIMEOUT);
      if (!converted.succeeded()) {
        return Optional.of("could not convert " + plist + " to XML: " + converted.describe());
      }
      notes.add("converted the binary Info.plist to XML with plutil");
      content = Files.readAllBytes(plist);
    }
    Map<String, String> strings;
    try {
      strings = InfoPlist.strings(content);
    } catch (IllegalArgumentException e) {
      return Optional.of(plist + ": " + e.getMessage());
    }
    String executable = strings.get("CFBundleExecutable");
    if (executable == null || executable.isBlank() || executable.contains("/")) {
      return Optional.of(plist + " names no main executable (CFBundleExecutable)");
    }
    Path macOs = bundle.resolve("Contents").resolve("MacOS");
    Path from = macOs.resolve(executable);
    if (!Files.isRegularFile(from)) {
      return Optional.of("the bundle's executable Contents/MacOS/" + executable + " is missing");
    }
    Path to = macOs.resolve(identity.appName());
    if (!from.equals(to)) {
      Files.move(from, to);
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put("CFBundleIdentifier", identity.bundleId());
    values.put("CFBundleName", identity.appName());
    values.put("CFBundleDisplayName", identity.appName());
    values.put("CFBundleExecutable", identity.appName());
    Files.write(plist, InfoPlist.rewrite(content, values));
    return Optional.empty();
  }

  /**
   * Ad-hoc signature ({@code --sign -}): the edits above break the original seal, and Apple
   * silicon refuses to run code whose signature does not match. Only the outer bundle is signed:
   * the nested framework and helpers are untouched and keep Google's valid signatures, so they
   * stay shared with the source in a copy-on-write clone (re-signing them would rewrite hundreds
   * of megabytes per slot) and signing takes a moment instead of many seconds. When codesign
   * rejects that (nested code it cannot accept), every nested part is re-signed ad hoc with
   * {@code --deep}, and a note says so. Without codesign (not macOS) the bundle is left unsigned,
   * and the result says so.
   */
  private Optional<String> sign(Path bundle, List<String> notes) {
    CommandResult outer = runner.run(List.of("codesign", "--force", "--sign", "-", bundle.toString()), CLONE_TIMEOUT);
    if (outer.succeeded()) {
      return Optional.empty();
    }
    CommandResult deep =
        runner.run(List.of("codesign", "--force", "--deep", "--sign", "-", bundle.toString()), CLONE_TIMEOUT);
    if (!deep.succeeded()) {
      return Optional.of("could not sign the bundle: " + deep.describe());
    }
    notes.add("signing the outer bundle failed (" + outer.describe() + "); re-signed every nested part with --deep");
    return Optional.empty();
  }

  /**
   * Ends every process running from the slot's bundle: a polite {@code quit} by bundle identifier
   * first (Chrome then saves its session), then SIGTERM, then SIGKILL, to processes whose command
   * line contains the bundle's path. Matching the path also ends the helper processes, which run
   * from inside the bundle but carry Chrome's own helper identifiers.
   */
  public TerminateResult terminate(int slot) {
    CuaAppIdentity identity = identity(slot);
    String pattern = processPattern(identity);
    List<String> notes = new ArrayList<>();
    Running running = running(pattern);
    if (running == Running.UNKNOWN) {
      notes.add("pgrep is not available; cannot tell whether the app runs");
    }
    if (running == Running.NO) {
      return new TerminateResult(slot, identity.bundleId(), false, true, false, notes);
    }
    if (runner.isInstalled("osascript")) {
      String id = identity.bundleId();
      CommandResult quit = runner.run(
          List.of("osascript", "-e",
              "if application id \"" + id + "\" is running then tell application id \"" + id + "\" to quit"),
          QUIT_TIMEOUT);
      if (!quit.succeeded()) {
        notes.add("quit by bundle id failed: " + quit.describe());
      }
      if (awaitGone(pattern, QUIT_GRACE)) {
        return new TerminateResult(slot, id, true, true, false, notes);
      }
    }
    for (String signal : List.of("-TERM", "-KILL")) {
      CommandResult kill = runner.run(List.of("pkill", signal, "-f", pattern), TOOL_TIMEOUT);
      // pkill exits 1 when nothing matched: gone meanwhile, which is what we want.
      if (!kill.succeeded() && kill.exitCode() != 1) {
        notes.add("pkill " + signal + " failed: " + kill.describe());
      }
      if (awaitGone(pattern, TERM_GRACE)) {
        return new TerminateResult(slot, identity.bundleId(), running == Running.YES, true, true, notes);
      }
    }
    return new TerminateResult(slot, identity.bundleId(), true, false, true, notes);
  }

  /** Deletes the slot's bundle; refuses while something still runs from it. */
  public RemoveResult remove(int slot) {
    try {
      return SideFileLock.holding(lockFile(slot), () -> removeUnlocked(slot));
    } catch (IOException e) {
      return new RemoveResult(slot, false, Optional.of("could not lock " + lockFile(slot) + ": " + e.getMessage()));
    }
  }

  private RemoveResult removeUnlocked(int slot) {
    CuaAppIdentity identity = identity(slot);
    if (!Files.exists(identity.appPath(), LinkOption.NOFOLLOW_LINKS)) {
      return new RemoveResult(slot, false, Optional.empty());
    }
    if (running(processPattern(identity)) == Running.YES) {
      return new RemoveResult(
          slot, false, Optional.of("the app still runs from " + identity.appPath() + "; terminate the slot first"));
    }
    try {
      deleteTree(identity.appPath());
      return new RemoveResult(slot, true, Optional.empty());
    } catch (IOException | UncheckedIOException e) {
      return new RemoveResult(slot, false, Optional.of("could not remove " + identity.appPath() + ": " + e.getMessage()));
    }
  }

  /**
   * The extended regular expression {@code pgrep -f}/{@code pkill -f} match against command lines:
   * the bundle path with a trailing slash, so slot 1 never matches slot 10's {@code Slot 10.app/}.
   */
  static String processPattern(CuaAppIdentity identity) {
    return escapeEre(identity.appPath() + "/");
  }

  static String escapeEre(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (char c : text.toCharArray()) {
      if ("\\.^$|?*+()[]{}".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private enum Running { YES, NO, UNKNOWN }

  private Running running(String pattern) {
    CommandResult found = runner.run(List.of("pgrep", "-f", pattern), TOOL_TIMEOUT);
    return switch (found.exitCode()) {
      case 0 -> Running.YES;
      case 1 -> Running.NO;
      default -> Running.UNKNOWN;
    };
  }

  private boolean awaitGone(String pattern, Duration within) {
    long polls = Math.max(1, within.toMillis() / POLL.toMillis());
    for (long i = 0; i < polls; i++) {
      Running running = running(pattern);
      if (running == Running.NO) {
        return true;
      }
      if (running == Running.UNKNOWN || !pauser.pause(POLL)) {
        return false;
      }
    }
    return running(pattern) == Running.NO;
  }

  /**
   * A plain recursive copy that keeps symlinks as symlinks (a framework's {@code Versions/Current}
   * must stay a link) and keeps permissions (the executables must stay executable).
   */
  static void copyTree(Path source, Path target) throws IOException {
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.copy(dir, target.resolve(source.relativize(dir).toString()), StandardCopyOption.COPY_ATTRIBUTES);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(
            file, target.resolve(source.relativize(file).toString()),
            StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static void moveIntoPlace(Path staging, Path target) throws IOException {
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(staging, target);
    }
  }
}
