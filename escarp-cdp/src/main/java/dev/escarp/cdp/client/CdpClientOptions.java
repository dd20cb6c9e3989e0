package dev.escarp.cdp.client;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
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
 */
public record CdpClientOptions(
    Optional<EventLoopGroup> eventLoopGroup,
    Duration connectTimeout,
    Duration commandTimeout,
    int maxMessageBytes) {

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
  }

  public static CdpClientOptions defaults() {
    return new CdpClientOptions(
        Optional.empty(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_COMMAND_TIMEOUT, DEFAULT_MAX_MESSAGE_BYTES);
  }

  public CdpClientOptions withEventLoopGroup(EventLoopGroup group) {
    return new CdpClientOptions(
        Optional.of(group), connectTimeout, commandTimeout, maxMessageBytes);
  }

  public CdpClientOptions withConnectTimeout(Duration timeout) {
    return new CdpClientOptions(eventLoopGroup, timeout, commandTimeout, maxMessageBytes);
  }

  public CdpClientOptions withCommandTimeout(Duration timeout) {
    return new CdpClientOptions(eventLoopGroup, connectTimeout, timeout, maxMessageBytes);
  }

  public CdpClientOptions withMaxMessageBytes(int bytes) {
    return new CdpClientOptions(eventLoopGroup, connectTimeout, commandTimeout, bytes);
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
