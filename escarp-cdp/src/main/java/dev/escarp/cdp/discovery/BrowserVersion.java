package dev.escarp.cdp.discovery;

import java.net.URI;
import java.util.Objects;

/**
 * What a browser's {@code GET /json/version} says about it.
 *
 * @param port the DevTools port it answered on
 * @param browser e.g. {@code Chrome/156.0.8078.79}
 * @param protocolVersion e.g. {@code 1.3}
 * @param userAgent the browser's user agent
 * @param webSocketDebuggerUrl the browser target's endpoint, e.g. {@code
 *     ws://127.0.0.1:9222/devtools/browser/<uuid>}
 */
public record BrowserVersion(
    int port, String browser, String protocolVersion, String userAgent, URI webSocketDebuggerUrl) {

  public BrowserVersion {
    Objects.requireNonNull(browser, "browser");
    Objects.requireNonNull(protocolVersion, "protocolVersion");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(webSocketDebuggerUrl, "webSocketDebuggerUrl");
  }
}
