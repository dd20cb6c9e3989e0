package dev.escarp.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.ExitCodes;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.SlotRecord;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.slot.Slot;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code escarp window <slot>}: a slot's identity, as far as this platform can tell it. */
@Command(name = "window", mixinStandardHelpOptions = true,
    description = {"Show a slot's identity, checked live.",
        "Its CDP port and URL, and on macOS its per-slot app or OS window."})
public final class WindowCommand implements Callable<Integer> {

  @Parameters(paramLabel = "SLOT", description = "The slot.")
  private int slot;

  @Option(names = "--json", description = "Print JSON.")
  private boolean json;

  @Option(names = "--verify-key", description = "macOS: also check that the window is the key window.")
  private boolean verifyKey;

  private final CliContext context;

  public WindowCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    PoolConfig config = context.poolConfig();
    Slot s = context.layout(config).slot(slot);
    Optional<SlotRecord> record = Optional.empty();
    BrokerClient broker = context.broker();
    if (broker.isServing()) {
      record = broker.status().value().flatMap(st -> st.slot(slot));
    }
    String os = System.getProperty("os.name");
    String note = "OS-window identity and per-slot apps are available only on macOS (this is " + os
        + "); drive this slot over CDP";
    ObjectNode out = new ObjectMapper().createObjectNode();
    out.put("slot", slot);
    out.put("cdp_port", s.cdpPort());
    out.put("cdp_ws_url", record.flatMap(SlotRecord::cdpWsUrl).orElse(null));
    out.put("state", record.map(SlotRecord::state).orElse(null));
    out.putNull("os_window_id");
    out.putNull("cua_app_bundle_id");
    out.put("verified_alive", false);
    out.put("note", note);
    if (json) {
      context.out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
    } else {
      context.out().printf("slot %d%n", slot);
      context.out().printf("  cdp_port:      %d%n", s.cdpPort());
      context.out().printf("  cdp_ws_url:    %s%n", record.flatMap(SlotRecord::cdpWsUrl).orElse("(daemon not serving)"));
      context.out().printf("  os_window_id:  (unavailable)%n");
      context.out().printf("  note:          %s%n", note);
    }
    return ExitCodes.OK;
  }
}
