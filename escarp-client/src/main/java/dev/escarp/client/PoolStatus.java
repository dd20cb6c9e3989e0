package dev.escarp.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code GET /status}: the pool's size, the lease TTL and every slot's public record. */
public record PoolStatus(JsonNode json) {

  public int poolSize() {
    return json.path("pool_size").asInt(0);
  }

  public double leaseTtlSeconds() {
    return json.path("lease_ttl_s").asDouble(0);
  }

  public List<SlotRecord> slots() {
    List<SlotRecord> slots = new ArrayList<>();
    json.path("slots").forEach(s -> slots.add(new SlotRecord(s)));
    return slots;
  }

  public Optional<SlotRecord> slot(int index) {
    return slots().stream().filter(s -> s.slot() == index).findFirst();
  }
}
