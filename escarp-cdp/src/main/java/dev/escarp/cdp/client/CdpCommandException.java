package dev.escarp.cdp.client;

import java.util.Optional;

/** The browser answered a command with a DevTools error object ({@code code}, {@code message}). */
public final class CdpCommandException extends CdpException {

  private static final long serialVersionUID = 1L;

  private final String method;
  private final int code;
  private final String cdpMessage;
  private final String data;

  public CdpCommandException(String method, int code, String cdpMessage, Optional<String> data) {
    super(method + " failed: " + cdpMessage + " (code " + code + ")" + data.map(d -> ": " + d).orElse(""));
    this.method = method;
    this.code = code;
    this.cdpMessage = cdpMessage;
    this.data = data.orElse(null);
  }

  /** The command that failed, e.g. {@code Target.closeTarget}. */
  public String method() {
    return method;
  }

  /** CDP's error code, e.g. {@code -32601} for an unknown method. */
  public int code() {
    return code;
  }

  /** CDP's error message, verbatim. */
  public String cdpMessage() {
    return cdpMessage;
  }

  /** CDP's optional {@code data} field. */
  public Optional<String> data() {
    return Optional.ofNullable(data);
  }
}
