package dev.escarp.cdp.launch;

import dev.escarp.core.slot.Slot;
import java.util.ArrayList;
import java.util.List;

/** The command-line flags of a slot's browser. */
final class ChromiumFlags {

  static final String USER_DATA_DIR = "--user-data-dir=";
  static final String DEBUGGING_PORT = "--remote-debugging-port=";
  static final String SPARE_RENDERERS = "--enable-features=MultipleSpareRPHs:count/3";

  private ChromiumFlags() {}

  static List<String> forSlot(Slot slot, Host host, LaunchOptions options) {
    List<String> flags = new ArrayList<>();
    flags.add(DEBUGGING_PORT + slot.cdpPort());
    // The exact form of this flag is the slot's signature in the process table (BrowserProcesses).
    flags.add(USER_DATA_DIR + slot.profileDir());
    flags.add("--no-first-run");
    flags.add("--no-default-browser-check");
    // A pooled browser works while nobody looks at it: keep it from throttling itself.
    flags.add("--disable-backgrounding-occluded-windows");
    flags.add("--disable-renderer-backgrounding");
    flags.add("--disable-background-timer-throttling");
    flags.add("--disable-extensions");
    // Without these Chromium keeps dialling Google hosts, which closed networks refuse.
    flags.add("--disable-background-networking");
    flags.add("--disable-component-update");
    flags.add("--disable-sync");
    flags.add("--disable-quic");
    // A navigation keeps its frame's host instead of building a new one per document: the reset's
    // reload of the kept tab costs about a quarter less browser CPU (BENCHMARKS.md, issue 19).
    flags.add("--disable-features=RenderDocument");
    // Renderer processes started ahead, unlocked to any site (Chromium keeps one by default): a
    // page's first visit of a site, as an auth profile's storage loading for three origins at
    // once, then takes one instead of starting a process. About 11 MB (PSS) each when idle.
    flags.add(SPARE_RENDERERS);
    if (headless(host, options.display())) {
      flags.add("--headless");
      flags.add("--disable-gpu");
    }
    if (host.isRoot()) {
      flags.add("--no-sandbox"); // Chromium refuses to run as root with its sandbox on
    }
    flags.addAll(options.extraArgs());
    flags.add("about:blank");
    return flags;
  }

  static boolean headless(Host host, Display display) {
    return switch (display) {
      case HEADLESS -> true;
      case HEADED -> false;
      case AUTO -> host.os() == Host.Os.LINUX
          && host.variable("DISPLAY").isEmpty()
          && host.variable("WAYLAND_DISPLAY").isEmpty();
    };
  }
}
