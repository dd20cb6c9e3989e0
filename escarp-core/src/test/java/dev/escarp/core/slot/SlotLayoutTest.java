package dev.escarp.core.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.config.PoolConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SlotLayoutTest {

  private final EscarpHome home = new EscarpHome(Path.of("/tmp/escarp-home"));

  @Test
  void slot_derivesPortsAndPathsFromItsIndex() {
    Slot slot = SlotLayout.of(home, PoolConfig.defaults()).slot(3);

    assertEquals(3, slot.index());
    assertEquals(9225, slot.cdpPort());
    assertEquals(Path.of("/tmp/escarp-home/profiles/autonomous/slot-3"), slot.profileDir());
    assertEquals(Path.of("/tmp/escarp-home/locks/slot-3.lock"), slot.lockFile());
    assertEquals(new DevPorts(3030, 8030, 5462), slot.devPorts());
    assertEquals("http://127.0.0.1:9225", slot.cdpHttpUrl());
  }

  @Test
  void slot_usesTheConfiguredCdpBaseAndTier() {
    Slot slot = new SlotLayout(home, 20000, "delegated").slot(0);

    assertEquals(20000, slot.cdpPort());
    assertEquals(Path.of("/tmp/escarp-home/profiles/delegated/slot-0"), slot.profileDir());
    assertEquals(new DevPorts(3000, 8000, 5432), slot.devPorts());
  }

  @Test
  void slot_negativeIndex_isRejected() {
    SlotLayout layout = SlotLayout.of(home, PoolConfig.defaults());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layout.slot(-1));
    assertEquals("slot index must be >= 0, got -1", e.getMessage());
  }

  @Test
  void slot_pastThePortRange_isRejected() {
    SlotLayout layout = new SlotLayout(home, 65535, "autonomous");

    layout.slot(0);
    assertThrows(IllegalArgumentException.class, () -> layout.slot(1));
  }

  @Test
  void slots_listsIndexesFromZeroBelowThePoolSize() {
    SlotLayout layout = SlotLayout.of(home, PoolConfig.defaults());

    assertEquals(4, layout.slots(4).size());
    assertEquals(3, layout.slots(4).get(3).index());
    assertEquals(0, layout.slots(0).size());
  }
}
