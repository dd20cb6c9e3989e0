package dev.escarp.macos.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.cdp.launch.Host;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.macos.bundle.BundleResult.CopyMethod;
import dev.escarp.macos.command.CommandResult;
import dev.escarp.macos.testing.FakeBundles;
import dev.escarp.macos.testing.FakeCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CuaAppBundlesTest {

  @TempDir Path tmp;

  private EscarpHome home() {
    return new EscarpHome(tmp.resolve("home"));
  }

  private CuaAppBundles bundles(FakeCommandRunner runner) {
    return new CuaAppBundles(home(), runner, d -> true);
  }

  private Path staging(int slot) {
    return home().cuaAppsDir().resolve(".Escarp Chrome Slot " + slot + ".app.partial");
  }

  /** {@code cp -c -R src dst} as it works on APFS: the files appear at dst. */
  private static CommandResult cloneLikeApfs(List<String> command) {
    try {
      CuaAppBundles.copyTree(Path.of(command.get(3)), Path.of(command.get(4)));
      return CommandResult.ok(command, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> plistOf(Path app) throws IOException {
    return InfoPlist.strings(Files.readAllBytes(app.resolve("Contents/Info.plist")));
  }

  @Test
  void create_whenCloneWorks_clonesRewritesRenamesAndSigns() throws IOException {
    Path source = FakeBundles.chromeForTesting(tmp);
    FakeCommandRunner runner = new FakeCommandRunner().install("codesign").on("cp", CuaAppBundlesTest::cloneLikeApfs);

    BundleResult result = bundles(runner).create(2, source);

    BundleResult.Created created = assertInstanceOf(BundleResult.Created.class, result);
    CuaAppIdentity id = created.identity();
    assertEquals(CopyMethod.CLONE, created.method());
    assertTrue(created.signed());
    assertEquals(home().cuaAppsDir().resolve("Escarp Chrome Slot 2.app"), id.appPath());
    assertEquals(
        List.of(
            List.of("cp", "-c", "-R", source.toString(), staging(2).toString()),
            List.of("codesign", "--force", "--sign", "-", staging(2).toString())),
        runner.commands());
    Map<String, String> plist = plistOf(id.appPath());
    assertEquals("dev.escarp.chrome.slot2", plist.get("CFBundleIdentifier"));
    assertEquals("Escarp Chrome Slot 2", plist.get("CFBundleName"));
    assertEquals("Escarp Chrome Slot 2", plist.get("CFBundleDisplayName"));
    assertEquals("Escarp Chrome Slot 2", plist.get("CFBundleExecutable"));
    assertEquals("139.0.7258.66", plist.get("CFBundleShortVersionString"));
    assertTrue(Files.isExecutable(id.executable()), id.executable() + " should be the renamed executable");
    assertFalse(Files.exists(id.appPath().resolve("Contents/MacOS/" + FakeBundles.CFT_NAME)));
    assertFalse(Files.exists(staging(2)), "the staging copy is renamed into place");
    assertEquals("com.google.chrome.for.testing", plistOf(source).get("CFBundleIdentifier"), "the source is untouched");
  }

  @Test
  void twoBuildsOfOneSlotAtOnce_takeTurns_andBothLeaveAWholeBundle() throws Exception {
    Path source = FakeBundles.chromeForTesting(tmp);
    AtomicInteger cloning = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    // Two runners and two instances, as two launch-pool processes would have.
    Callable<BundleResult> build = () -> bundles(new FakeCommandRunner().on("cp", command -> {
      mostAtOnce.accumulateAndGet(cloning.incrementAndGet(), Math::max);
      try {
        Thread.sleep(300);
        return cloneLikeApfs(command);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        cloning.decrementAndGet();
      }
    })).create(4, source);

    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      List<Future<BundleResult>> results = two.invokeAll(List.of(build, build));
      for (Future<BundleResult> result : results) {
        assertInstanceOf(BundleResult.Created.class, result.get(), result.get().toString());
      }
    } finally {
      two.shutdownNow();
    }

    assertEquals(1, mostAtOnce.get(), "one build of a slot's bundle at a time");
    assertEquals("dev.escarp.chrome.slot4", plistOf(home().cuaAppsDir().resolve("Escarp Chrome Slot 4.app"))
        .get("CFBundleIdentifier"));
    assertFalse(Files.exists(staging(4)));
  }

  @Test
  void create_whenCloneFails_copiesTheTreeKeepingSymlinksAndModes() throws IOException {
    Path source = FakeBundles.chromeForTesting(tmp);
    FakeCommandRunner runner = new FakeCommandRunner().install("codesign").exits("cp", 64);

    BundleResult.Created created = assertInstanceOf(BundleResult.Created.class, bundles(runner).create(0, source));

    assertEquals(CopyMethod.COPY, created.method());
    assertTrue(created.notes().get(0).startsWith("no copy-on-write clone (cp exited with 64"), created.notes().toString());
    Path current = created.identity().appPath()
        .resolve("Contents/Frameworks/" + FakeBundles.CFT_NAME + " Framework.framework/Versions/Current");
    assertTrue(Files.isSymbolicLink(current));
    assertEquals(Path.of("139.0.7258.66"), Files.readSymbolicLink(current));
    assertTrue(Files.isExecutable(created.identity().executable()));
    assertEquals("dev.escarp.chrome.slot0", plistOf(created.identity().appPath()).get("CFBundleIdentifier"));
  }

  @Test
  void create_withoutCodesign_leavesTheBundleUnsignedAndSaysSo() throws IOException {
    Path source = FakeBundles.chromeForTesting(tmp);
    FakeCommandRunner runner = new FakeCommandRunner().exits("cp", 1);

    BundleResult.Created created = assertInstanceOf(BundleResult.Created.class, bundles(runner).create(1, source));

    assertFalse(created.signed());
    assertTrue(runner.commandsOf("codesign").isEmpty());
    assertTrue(created.notes().stream().anyMatch(n -> n.contains("codesign not found")), created.notes().toString());
  }

  @Test
  void create_whenSigningTheOuterBundleFails_signsEveryNestedPartWithDeep() throws IOException {
    Path source = FakeBundles.chromeForTesting(tmp);
    FakeCommandRunner runner = new FakeCommandRunner().install("codesign").exits("cp", 1)
        .exits("codesign", 1).exits("codesign", 0);

    BundleResult.Created created = assertInstanceOf(BundleResult.Created.class, bundles(runner).create(1, source));

    assertTrue(created.signed());
    assertEquals(
        List.of(
            List.of("codesign", "--force", "--sign", "-", staging(1).toString()),
            List.of("codesign", "--force", "--deep", "--sign", "-", staging(1).toString())),
        runner.commandsOf("codesign"));
    assertTrue(created.notes().stream().anyMatch(n -> n.contains("--deep")), created.notes().toString());
  }

  @Test
  void create_whenCodesignFailsEvenWithDeep_failsAndLeavesNoBundle() throws IOException {
    Path source = FakeBundles.chromeForTesting(tmp);
    FakeCommandRunner runner = new FakeCommandRunner().install("codesign").exits("cp", 1).exits("codesign", 1);

    BundleResult.Failed failed = assertInstanceOf(BundleResult.Failed.class, bundles(runner).create(1, source));

    assertEquals(2, runner.commandsOf("codesign").size(), "outer, then --deep");
    assertTrue(failed.reason().startsWith("could not sign the bundle: codesign exited with 1"), failed.reason());
    assertFalse(Files.exists(staging(1)));
    assertFalse(Files.exists(CuaAppIdentity.forSlot(home(), 1).appPath()));
  }

  @Test
  void create_withABinaryPlist_convertsItWithPlutilFirst() throws IOException {
    Path source = FakeBundles.chromeForTesting(tmp, "bplist00-not-really");
    FakeCommandRunner runner = new FakeCommandRunner().install("plutil").exits("cp", 1).on("plutil", command -> {
      try {
        Files.writeString(Path.of(command.get(3)), FakeBundles.CFT_PLIST); // what -convert xml1 does in place
        return CommandResult.ok(command, "");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });

    BundleResult.Created created = assertInstanceOf(BundleResult.Created.class, bundles(runner).create(4, source));

    assertEquals(
        List.of(List.of("plutil", "-convert", "xml1", staging(4).resolve("Contents/Info.plist").toString())),
        runner.commandsOf("plutil"));
    assertEquals("dev.escarp.chrome.slot4", plistOf(created.identity().appPath()).get("CFBundleIdentifier"));
  }

  @Test
  void create_withABinaryPlistAndNoPlutil_failsSayingWhy() throws IOException {
    Path source = FakeBundles.chromeForTesting(tmp, "bplist00-not-really");

    BundleResult.Failed failed =
        assertInstanceOf(BundleResult.Failed.class, bundles(new FakeCommandRunner().exits("cp", 1)).create(0, source));

    assertTrue(failed.reason().contains("binary plist and plutil"), failed.reason());
    assertFalse(Files.exists(staging(0)));
  }

  @Test
  void create_whenThePlistNamesNoExecutable_fails() throws IOException {
    Path source = FakeBundles.chromeForTesting(tmp, FakeBundles.CFT_PLIST.replace("CFBundleExecutable", "Other"));

    BundleResult.Failed failed =
        assertInstanceOf(BundleResult.Failed.class, bundles(new FakeCommandRunner().exits("cp", 1)).create(0, source));

    assertTrue(failed.reason().contains("CFBundleExecutable"), failed.reason());
  }

  @Test
  void create_overAnExistingBundle_replacesIt() throws IOException {
    Path source = FakeBundles.chromeForTesting(tmp);
    FakeCommandRunner runner = new FakeCommandRunner().exits("cp", 1);
    CuaAppIdentity id = CuaAppIdentity.forSlot(home(), 0);
    Files.createDirectories(id.appPath().resolve("Contents"));
    Files.writeString(id.appPath().resolve("Contents/stale"), "from an older Chrome");

    assertInstanceOf(BundleResult.Created.class, bundles(runner).create(0, source));

    assertFalse(Files.exists(id.appPath().resolve("Contents/stale")));
    assertTrue(Files.isExecutable(id.executable()));
  }

  @Test
  void create_fromAPerSlotBundleOrANonBundle_refuses() throws IOException {
    FakeCommandRunner runner = new FakeCommandRunner().exits("cp", 1);
    Path source = FakeBundles.chromeForTesting(tmp);
    BundleResult.Created first = assertInstanceOf(BundleResult.Created.class, bundles(runner).create(0, source));

    BundleResult fromSlot = bundles(runner).create(1, first.identity().appPath());
    BundleResult fromDir = bundles(runner).create(1, tmp);

    assertTrue(((BundleResult.Failed) fromSlot).reason().contains("is itself a per-slot bundle"));
    assertTrue(((BundleResult.Failed) fromDir).reason().contains("is not an .app bundle directory"));
  }

  @Test
  void terminate_whenNothingRunsFromTheBundle_asksNothingToQuit() {
    FakeCommandRunner runner = new FakeCommandRunner().install("osascript").exits("pgrep", 1);

    TerminateResult result = bundles(runner).terminate(0);

    assertFalse(result.wasRunning());
    assertTrue(result.stopped());
    assertEquals(List.of("pgrep"), runner.commands().stream().map(c -> c.get(0)).toList());
  }

  @Test
  void terminate_whenTheAppQuits_quitsItByBundleIdWithoutSignals() {
    FakeCommandRunner runner =
        new FakeCommandRunner().install("osascript").exits("pgrep", 0).exits("pgrep", 0).exits("pgrep", 1);

    TerminateResult result = bundles(runner).terminate(3);

    assertTrue(result.wasRunning());
    assertTrue(result.stopped());
    assertFalse(result.forced());
    assertEquals(
        List.of(List.of("osascript", "-e",
            "if application id \"dev.escarp.chrome.slot3\" is running then tell application id "
                + "\"dev.escarp.chrome.slot3\" to quit")),
        runner.commandsOf("osascript"));
    assertTrue(runner.commandsOf("pkill").isEmpty());
  }

  @Test
  void terminate_whenQuitIsIgnored_sendsTermThenKillToTheBundlesProcesses() {
    FakeCommandRunner runner = new FakeCommandRunner().install("osascript").exits("osascript", 1).exits("pgrep", 0);

    TerminateResult result = bundles(runner).terminate(1);

    String pattern = CuaAppBundles.processPattern(CuaAppIdentity.forSlot(home(), 1));
    assertEquals(
        List.of(List.of("pkill", "-TERM", "-f", pattern), List.of("pkill", "-KILL", "-f", pattern)),
        runner.commandsOf("pkill"));
    assertTrue(result.forced());
    assertFalse(result.stopped());
    assertTrue(result.notes().get(0).startsWith("quit by bundle id failed"), result.notes().toString());
  }

  @Test
  void terminate_withoutOsascript_goesStraightToSignals() {
    FakeCommandRunner runner = new FakeCommandRunner().exits("pgrep", 0).exits("pgrep", 1);

    TerminateResult result = bundles(runner).terminate(0);

    assertTrue(result.stopped());
    assertTrue(result.forced());
    assertTrue(runner.commandsOf("osascript").isEmpty());
    assertEquals(1, runner.commandsOf("pkill").size());
  }

  @Test
  void processPattern_escapesTheHomePathAndEndsAtTheBundle() {
    CuaAppIdentity id = CuaAppIdentity.forSlot(new EscarpHome(Path.of("/Users/a+b/.escarp (x)")), 1);

    String pattern = CuaAppBundles.processPattern(id);

    assertEquals("/Users/a\\+b/\\.escarp \\(x\\)/cua-apps/Escarp Chrome Slot 1\\.app/", pattern);
    assertTrue("/Users/a+b/.escarp (x)/cua-apps/Escarp Chrome Slot 1.app/Contents/MacOS/x".matches(".*" + pattern + ".*"));
    assertFalse("/Users/a+b/.escarp (x)/cua-apps/Escarp Chrome Slot 10.app/Contents/MacOS/x".matches(".*" + pattern + ".*"));
  }

  @Test
  void remove_deletesTheBundle_butNotWhileItRuns() throws IOException {
    Path source = FakeBundles.chromeForTesting(tmp);
    CuaAppIdentity id = assertInstanceOf(
        BundleResult.Created.class, bundles(new FakeCommandRunner().exits("cp", 1)).create(0, source)).identity();

    RemoveResult whileRunning = bundles(new FakeCommandRunner().exits("pgrep", 0)).remove(0);
    assertFalse(whileRunning.removed());
    assertTrue(whileRunning.problem().orElseThrow().contains("terminate the slot first"));
    assertTrue(Files.exists(id.appPath()));

    RemoveResult removed = bundles(new FakeCommandRunner().exits("pgrep", 1)).remove(0);
    assertTrue(removed.removed());
    assertFalse(Files.exists(id.appPath()));

    assertEquals(new RemoveResult(0, false, Optional.empty()), bundles(new FakeCommandRunner()).remove(0));
  }

  @Test
  void installed_isPresentOnlyOnceTheBundleExists() throws IOException {
    CuaAppBundles bundles = bundles(new FakeCommandRunner().exits("cp", 1));
    assertEquals(Optional.empty(), bundles.installed(0));

    bundles.create(0, FakeBundles.chromeForTesting(tmp));

    assertEquals(Optional.of(CuaAppIdentity.forSlot(home(), 0)), bundles.installed(0));
  }

  @Test
  void sourceBundleOf_findsTheAppAroundAMainExecutableOnly() {
    Path app = Path.of("/opt/cft/Google Chrome for Testing.app");

    assertEquals(Optional.of(app), CuaAppBundles.sourceBundleOf(app.resolve("Contents/MacOS/Google Chrome for Testing")));
    assertEquals(Optional.empty(), CuaAppBundles.sourceBundleOf(Path.of("/opt/chrome-linux64/chrome")));
    assertEquals(Optional.empty(), CuaAppBundles.sourceBundleOf(app.resolve("Contents/Frameworks/x")));
  }

  @Test
  void launchHost_pointsTheBinaryLocatorAtTheBundleExecutable() {
    CuaAppIdentity id = CuaAppIdentity.forSlot(home(), 5);
    Host host = new Host(Host.Os.MAC, 501, Map.of("PATH", "/usr/bin", "ESCARP_CHROME", "/elsewhere"));

    Host launching = CuaAppBundles.launchHost(host, id);

    assertEquals(Optional.of(id.executable().toString()), launching.variable("ESCARP_CHROME"));
    assertEquals(Optional.of("/usr/bin"), launching.variable("PATH"));
  }

  @Test
  void leaseFields_carryEscarp1Names() {
    CuaAppIdentity id = CuaAppIdentity.forSlot(new EscarpHome(Path.of("/Users/me/.escarp")), 1);

    assertEquals(
        List.of("cua_app_bundle_id", "cua_app_name", "cua_app_path"), List.copyOf(id.leaseFields().keySet()));
    assertEquals("dev.escarp.chrome.slot1", id.leaseFields().get("cua_app_bundle_id"));
    assertEquals("Escarp Chrome Slot 1", id.leaseFields().get("cua_app_name"));
    assertEquals("/Users/me/.escarp/cua-apps/Escarp Chrome Slot 1.app", id.leaseFields().get("cua_app_path"));
    assertTrue(CuaAppIdentity.absentLeaseFields().values().stream().allMatch(v -> v == null));
  }
}
