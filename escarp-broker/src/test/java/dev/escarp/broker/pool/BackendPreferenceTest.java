package dev.escarp.broker.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.RemoteBrowser;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendPreferenceTest {

  private final SlotLayout layout = new SlotLayout(new EscarpHome(Path.of("/tmp/escarp-pref-test")), 9222, "autonomous");
  private final Slot local0 = layout.slot(0);
  private final Slot local1 = layout.slot(1);
  private final Slot remote2 = layout.remoteSlot(2, RemoteBrowser.of("r", "http://10.0.0.5:9222"));

  private List<Slot> sorted(BackendPreference preference) {
    List<Slot> slots = new ArrayList<>(List.of(remote2, local1, local0));
    slots.sort(preference.comparator().thenComparingInt(Slot::index));
    return slots;
  }

  @Test
  void localFirstByDefault() {
    assertEquals(List.of(local0, local1, remote2), sorted(BackendPreference.parse(null)));
    assertEquals(BackendPreference.DEFAULT, BackendPreference.parse(" "));
  }

  @Test
  void remoteFirstWhenAsked_andABackendLeftOutComesLast() {
    assertEquals(List.of(remote2, local0, local1), sorted(BackendPreference.parse("remote,local")));
    assertEquals(List.of(remote2, local0, local1), sorted(BackendPreference.parse("REMOTE")));
  }

  @Test
  void anUnknownBackendIsRefusedNamingTheVariable() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BackendPreference.parse("local,grid"))
        .getMessage().contains("ESCARP_BACKEND_PREFERENCE"));
  }
}
