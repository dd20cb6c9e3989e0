package dev.escarp.cdp.client;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link CdpClient} connects.
 *
 * @param eventLoopGroup a shared group to run on; when empty each client creates a one-thread
 *     group of its own and shuts it down on close. A shared group is never shut down by a client.
 * @param connectTimeout TCP connect plus WebSocket handshake
 * @param commandTimeout the default per-command timeout
 * @param maxMessageBytes the largest message accepted: CDP screenshots arrive as single frames of
 *     tens of MB, so the Netty default (64 KiB) is far too small
 * @param headers sent with the WebSocket handshake: a remote browser's token, say
 */
public record CdpClientOptions(
    Optional<EventLoopGroup> eventLoopGroup,
    Duration connectTimeout,
    Duration commandTimeout,
    int maxMessageBytes,
    Map<String, String> headers) {

  public CdpClientOptions(Optional<EventLoopGroup> eventLoopGroup, Duration connectTimeout, Duration commandTimeout,
      int maxMessageBytes) {
    this(eventLoopGroup, connectTimeout, commandTimeout, maxMessageBytes, Map.of());
  }

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

  public CdpClientOptions {
    Objects.requireNonNull(eventLoopGroup, "eventLoopGroup");
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("commandTimeout", commandTimeout);
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("maxMessageBytes must be >= 1024, got " + maxMessageBytes);
    }
    headers = Map.copyOf(headers);
  }

  public static CdpClientOptions defaults() {
    return new CdpClientOptions(
        Optional.empty(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_COMMAND_TIMEOUT, DEFAULT_MAX_MESSAGE_BYTES);
  }

  public CdpClientOptions withEventLoopGroup(EventLoopGroup group) {
    return new CdpClientOptions(
        Optional.of(group), connectTimeout, commandTimeout, maxMessageBytes, headers);
  }

  public CdpClientOptions withConnectTimeout(Duration timeout) {
    return new CdpClientOptions(eventLoopGroup, timeout, commandTimeout, maxMessageBytes, headers);
  }

  public CdpClientOptions withCommandTimeout(Duration timeout) {
    return new CdpClientOptions(eventLoopGroup, connectTimeout, timeout, maxMessageBytes, headers);
  }

  public CdpClientOptions withMaxMessageBytes(int bytes) {
    return new CdpClientOptions(eventLoopGroup, connectTimeout, commandTimeout, bytes, headers);
  }

  /** With these handshake headers (replacing any given before). */
  public CdpClientOptions withHeaders(Map<String, String> value) {
    return new CdpClientOptions(eventLoopGroup, connectTimeout, commandTimeout, maxMessageBytes, value);
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
