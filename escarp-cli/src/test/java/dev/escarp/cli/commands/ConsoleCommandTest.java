package dev.escarp.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.escarp.cdp.launch.Host;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** escarp console opens a browser only where a desktop can show one. */
class ConsoleCommandTest {

  @Test
  void withoutADisplay_nothingIsOpened() {
    assertEquals(Optional.empty(), ConsoleCommand.opener(new Host(Host.Os.LINUX, 1000, Map.of())));
    assertEquals(Optional.empty(), ConsoleCommand.opener(new Host(Host.Os.LINUX, 1000, Map.of("DISPLAY", ""))));
  }

  @Test
  void anX11OrWaylandDesktop_opensWithXdgOpen_andMacosWithOpen() {
    assertEquals(Optional.of("xdg-open"), ConsoleCommand.opener(new Host(Host.Os.LINUX, 1000, Map.of("DISPLAY", ":0"))));
    assertEquals(Optional.of("xdg-open"),
        ConsoleCommand.opener(new Host(Host.Os.LINUX, 1000, Map.of("WAYLAND_DISPLAY", "wayland-0"))));
    assertEquals(Optional.of("open"), ConsoleCommand.opener(new Host(Host.Os.MAC, 501, Map.of())));
  }
}
