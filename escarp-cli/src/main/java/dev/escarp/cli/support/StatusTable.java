package dev.escarp.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.client.PoolStatus;
import dev.escarp.client.SlotRecord;
import java.io.PrintWriter;

/** {@code escarp status}'s table: one row per slot, what a person scans for. */
public final class StatusTable {

  private static final String ROW = "%-4s  %-10s  %-24s  %-10s  %-17s  %s%n";

  private StatusTable() {}

  public static void print(PoolStatus status, double nowEpochSeconds, PrintWriter out) {
    out.printf(ROW, "SLOT", "STATE", "HOLDER", "EXPIRES", "DEV PORTS", "CDP PORT");
    for (SlotRecord slot : status.slots()) {
      out.printf(ROW, slot.slot(), slot.state(), holder(slot), expiresIn(slot, nowEpochSeconds),
          devPorts(slot.json()), slot.cdpPort());
    }
    long leased = status.slots().stream().filter(s -> s.state().equals("leased")).count();
    out.printf("%d slots, %d leased; lease TTL %ss%n", status.poolSize(), leased,
        trim(status.leaseTtlSeconds()));
  }

  private static String holder(SlotRecord slot) {
    String holder = slot.holder().orElse("-");
    if (slot.state().equals("external") && slot.holderPid().isPresent()) {
      holder = holder + " (pid " + slot.holderPid().getAsInt() + ")";
    }
    return holder.length() > 24 ? holder.substring(0, 23) + "…" : holder;
  }

  private static String expiresIn(SlotRecord slot, double now) {
    if (slot.expiresAt().isEmpty()) {
      return "-";
    }
    long seconds = Math.max(0, Math.round(slot.expiresAt().getAsDouble() - now));
    return seconds >= 60 ? (seconds / 60) + "m" + (seconds % 60) + "s" : seconds + "s";
  }

  private static String devPorts(JsonNode slot) {
    JsonNode dev = slot.path("dev_ports");
    if (!dev.isObject()) {
      return "-";
    }
    return dev.path("frontend").asText() + "/" + dev.path("backend").asText() + "/"
        + dev.path("postgres").asText();
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
