package dev.escarp.cdp.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChromiumFlagsTest {

  private final Slot slot = new SlotLayout(new EscarpHome(Path.of("/h")), 9300, "autonomous").slot(2);

  private static Host linux(long uid, Map<String, String> env) {
    return new Host(Host.Os.LINUX, uid, env);
  }

  private List<String> flags(Host host, Display display) {
    return ChromiumFlags.forSlot(slot, host, LaunchOptions.defaults().withDisplay(display));
  }

  @Test
  void everySlotBrowser_getsItsPortProfileAndTheQuietFlags_andOpensAboutBlank() {
    List<String> flags = flags(linux(1000, Map.of()), Display.AUTO);

    assertTrue(flags.contains("--remote-debugging-port=9302"));
    assertTrue(flags.contains("--user-data-dir=/h/profiles/autonomous/slot-2"));
    for (String flag : List.of("--no-first-run", "--no-default-browser-check", "--disable-backgrounding-occluded-windows",
        "--disable-renderer-backgrounding", "--disable-background-timer-throttling", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic")) {
      assertTrue(flags.contains(flag), "missing " + flag);
    }
    assertEquals("about:blank", flags.get(flags.size() - 1));
  }

  @Test
  void everySlotBrowser_keepsItsFrameHostAcrossNavigations_soAResetsReloadIsCheap() {
    assertTrue(flags(linux(1000, Map.of()), Display.AUTO).contains("--disable-features=RenderDocument"));
    assertTrue(flags(linux(1000, Map.of("DISPLAY", ":0")), Display.AUTO).contains("--disable-features=RenderDocument"));
  }

  @Test
  void linuxWithoutDisplay_runsHeadlessWithoutGpu() {
    List<String> flags = flags(linux(1000, Map.of("DISPLAY", "", "PATH", "/usr/bin")), Display.AUTO);

    assertTrue(flags.contains("--headless"));
    assertTrue(flags.contains("--disable-gpu"));
  }

  @Test
  void linuxWithX11OrWayland_runsHeaded() {
    assertFalse(flags(linux(1000, Map.of("DISPLAY", ":0")), Display.AUTO).contains("--headless"));
    assertFalse(flags(linux(1000, Map.of("WAYLAND_DISPLAY", "wayland-0")), Display.AUTO).contains("--headless"));
  }

  @Test
  void macOs_runsHeaded_evenWithoutDisplayVariables() {
    assertFalse(flags(new Host(Host.Os.MAC, 501, Map.of()), Display.AUTO).contains("--headless"));
  }

  @Test
  void displayOption_overridesTheHost() {
    assertTrue(flags(new Host(Host.Os.MAC, 501, Map.of()), Display.HEADLESS).contains("--headless"));
    assertFalse(flags(linux(1000, Map.of()), Display.HEADED).contains("--headless"));
  }

  @Test
  void noSandbox_onlyForRoot() {
    assertTrue(flags(linux(0, Map.of()), Display.AUTO).contains("--no-sandbox"));
    assertFalse(flags(linux(1000, Map.of()), Display.AUTO).contains("--no-sandbox"));
  }

  @Test
  void extraArgs_comeAfterEscarpsOwn_andBeforeTheUrl() {
    List<String> flags =
        ChromiumFlags.forSlot(slot, linux(1000, Map.of()), LaunchOptions.defaults().withExtraArgs(List.of("--lang=de")));

    assertEquals("--lang=de", flags.get(flags.size() - 2));
  }

  @Test
  void everySlotBrowser_asksForThreeSpareRenderers_forThreeSitesVisitedAtOnce() {
    List<String> flags = flags(linux(1000, Map.of()), Display.AUTO);

    assertTrue(flags.contains("--enable-features=MultipleSpareRPHs:count/3"), flags.toString());
  }
}
