package dev.escarp.cdp.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryLocatorTest {

  @TempDir Path dir;

  private Path executable(String relative) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private BinaryLookup locate(Map<String, String> env, Optional<String> configured) {
    Host host = new Host(Host.Os.LINUX, 1000, env);
    return new BinaryLocator(host, new EscarpHome(dir.resolve("home")), configured).locate();
  }

  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", dir.resolve("bin").toString());
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void escarpChrome_winsOverEverythingElse() throws IOException {
    Path chrome = executable("explicit/chrome");
    Path cft = executable("cft/chrome");
    executable("bin/chromium");

    BinaryLookup lookup = locate(env("ESCARP_CHROME", chrome.toString(), "ESCARP_CFT_BINARY", cft.toString()), Optional.empty());

    assertEquals(Optional.of(chrome), lookup.binary());
    assertEquals("ESCARP_CHROME", lookup.source());
  }

  @Test
  void escarpCftBinary_comesNext_thenPoolJsonsCftBinary() throws IOException {
    Path cft = executable("cft/chrome");
    Path configured = executable("configured/chrome");

    assertEquals(Optional.of(cft), locate(env("ESCARP_CFT_BINARY", cft.toString()), Optional.of(configured.toString())).binary());
    BinaryLookup fromConfig = locate(env(), Optional.of(configured.toString()));
    assertEquals(Optional.of(configured), fromConfig.binary());
    assertEquals("pool.json cft_binary", fromConfig.source());
  }

  @Test
  void chromeForTestingUnderEscarpHome_comesBeforePath_newestVersionFirst() throws IOException {
    executable("home/chrome/linux-99.0.1/chrome-linux64/chrome");
    Path newest = executable("home/chrome/linux-139.0.7258.66/chrome-linux64/chrome");
    executable("bin/chromium");

    BinaryLookup lookup = locate(env(), Optional.empty());

    assertEquals(Optional.of(newest), lookup.binary());
    assertTrue(lookup.source().startsWith("Chrome for Testing under"), lookup.source());
  }

  @Test
  void macChromeForTestingAppBundle_isFound() throws IOException {
    Path app = executable(
        "home/chrome/mac_arm-139.0.1/chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing");

    assertEquals(Optional.of(app), locate(env(), Optional.empty()).binary());
  }

  @Test
  void pathIsSearchedInOrder_chromiumThenChromiumBrowserThenGoogleChrome() throws IOException {
    Path googleChrome = executable("bin/google-chrome");
    assertEquals(Optional.of(googleChrome), locate(env(), Optional.empty()).binary());

    Path chromiumBrowser = executable("bin/chromium-browser");
    assertEquals(Optional.of(chromiumBrowser), locate(env(), Optional.empty()).binary());

    Path chromium = executable("bin/chromium");
    BinaryLookup lookup = locate(env(), Optional.empty());
    assertEquals(Optional.of(chromium), lookup.binary());
    assertEquals("chromium on PATH", lookup.source());
  }

  @Test
  void nothingAnywhere_isMissing_withAProblemNamingEveryPlaceLooked() {
    BinaryLookup lookup = locate(env(), Optional.empty());

    assertTrue(lookup.binary().isEmpty());
    String problem = lookup.problem();
    for (String place : new String[] {"ESCARP_CHROME (unset)", "ESCARP_CFT_BINARY (unset)", "pool.json cft_binary (unset)",
        "Chrome for Testing under " + dir.resolve("home/chrome"), "chromium on PATH (not found)",
        "chromium-browser on PATH (not found)", "google-chrome on PATH (not found)"}) {
      assertTrue(problem.contains(place), "missing '" + place + "' in: " + problem);
    }
    assertTrue(problem.contains("Set ESCARP_CHROME"), problem);
  }

  @Test
  void explicitBinaryThatDoesNotExist_isAnError_notAFallThroughToPath() throws IOException {
    executable("bin/chromium");

    BinaryLookup lookup = locate(env("ESCARP_CHROME", "/nowhere/chrome"), Optional.empty());

    assertTrue(lookup.binary().isEmpty());
    assertEquals("ESCARP_CHROME=/nowhere/chrome does not exist; fix or unset ESCARP_CHROME", lookup.problem());
  }

  @Test
  void explicitBinaryThatIsNotExecutable_isAnError() throws IOException {
    Path plain = dir.resolve("plain-file");
    Files.writeString(plain, "not a program");

    BinaryLookup lookup = locate(env("ESCARP_CFT_BINARY", plain.toString()), Optional.empty());

    assertTrue(lookup.problem().contains("is not an executable file"), lookup.problem());
  }

  @Test
  void blankVariables_countAsUnset() throws IOException {
    Path chromium = executable("bin/chromium");

    assertEquals(Optional.of(chromium), locate(env("ESCARP_CHROME", " ", "ESCARP_CFT_BINARY", ""), Optional.of("")).binary());
  }
}
