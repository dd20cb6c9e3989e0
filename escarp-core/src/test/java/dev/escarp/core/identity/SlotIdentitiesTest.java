package dev.escarp.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.time.ManualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotIdentitiesTest {

  @TempDir Path tmp;
  private final ManualTime time = new ManualTime();

  @Test
  void withNoProviderInstalled_everyWireFieldIsThere_nullInWireOrder() {
    SlotIdentities identities = SlotIdentities.load(new EscarpHome(tmp), Duration.ofSeconds(2));

    Map<String, Object> fields = identities.fields(0);

    assertEquals(SlotIdentities.FIELDS, new ArrayList<>(fields.keySet()), "escarp-core's tests have no provider");
    fields.values().forEach(v -> assertNull(v));
  }

  @Test
  void aProvidersValues_fillTheirFields_andTheRestStayNull() {
    SlotIdentities identities = new SlotIdentities(new EscarpHome(tmp),
        List.of(new FixedProvider(Map.of("cua_app_name", "Slot App", "extra_field", 1))), Duration.ZERO, time);

    Map<String, Object> fields = identities.fields(3);

    assertEquals("Slot App", fields.get("cua_app_name"));
    assertNull(fields.get("os_window_id"));
    List<String> expected = new ArrayList<>(SlotIdentities.FIELDS);
    expected.add("extra_field");
    assertEquals(expected, new ArrayList<>(fields.keySet()), "a provider's own fields come after the wire's");
  }

  @Test
  void withinTheRefreshInterval_aSlotIsReadOnce_andAfterItAgain() {
    FixedProvider provider = new FixedProvider(Map.of("os_window_id", 7));
    SlotIdentities identities = new SlotIdentities(new EscarpHome(tmp), List.of(provider), Duration.ofSeconds(2), time);

    identities.fields(1);
    identities.fields(1);
    time.advance(Duration.ofMillis(1999));
    identities.fields(1);
    assertEquals(1, provider.reads.get(), "cached for the refresh interval");

    time.advance(Duration.ofMillis(1));
    identities.fields(1);
    assertEquals(2, provider.reads.get(), "read again once the interval has passed");
  }

  @Test
  void withARefresher_aStaleSlotIsAnsweredFromMemory_andReReadOnTheRefresher() {
    FixedProvider provider = new FixedProvider(Map.of("os_window_id", 7));
    Queue<Runnable> refresher = new ArrayDeque<>();
    SlotIdentities identities = new SlotIdentities(new EscarpHome(tmp), List.of(provider), Duration.ofSeconds(2),
        time, Optional.of(refresher::add));
    identities.warm(List.of(1));
    assertEquals(1, provider.reads.get(), "the first reading is taken on the caller's thread");

    provider.values.put("os_window_id", 8);
    time.advance(Duration.ofSeconds(3));
    assertEquals(7, identities.fields(1).get("os_window_id"), "stale, but answered without a read");
    identities.fields(1);
    assertEquals(1, provider.reads.get());
    assertEquals(1, refresher.size(), "one re-read queued, however often it is asked");

    refresher.poll().run();
    assertEquals(8, identities.fields(1).get("os_window_id"));
  }

  private static final class FixedProvider implements SlotIdentityProvider {

    private final Map<String, Object> values;
    private final AtomicInteger reads = new AtomicInteger();

    FixedProvider(Map<String, Object> values) {
      this.values = new HashMap<>(values);
    }

    @Override
    public List<String> fields() {
      List<String> names = new ArrayList<>(SlotIdentities.FIELDS);
      names.add("extra_field");
      return names;
    }

    @Override
    public Map<String, Object> read(EscarpHome home, int slot) {
      reads.incrementAndGet();
      return new HashMap<>(values);
    }
  }
}
