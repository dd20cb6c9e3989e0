package dev.escarp.cli.support;

import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.cli.CliContext;
import dev.escarp.macos.MacPlatform;
import java.util.function.Function;

/**
 * Opens escarp-macos for one command: the platform and the CDP connector it uses, closed together.
 * Off macOS the platform answers every call with its "unavailable" variant.
 */
public final class MacIdentity {

  private MacIdentity() {}

  public static <T> T with(CliContext context, Function<MacPlatform, T> use) {
    try (CdpConnector connector = new CdpConnector(CdpClientOptions.defaults(), "escarp-cli-cdp")) {
      return use.apply(MacPlatform.current(context.home(), connector));
    }
  }
}
