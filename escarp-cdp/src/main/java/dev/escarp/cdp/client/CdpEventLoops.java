package dev.escarp.cdp.client;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Creates event loop groups fit for CDP clients: NIO, daemon threads with a recognisable name. */
public final class CdpEventLoops {

  private CdpEventLoops() {}

  /**
   * A new group; the caller owns it and shuts it down ({@code shutdownGracefully}). Daemon threads,
   * so a forgotten group never keeps a JVM alive.
   */
  public static MultiThreadIoEventLoopGroup newGroup(int threads, String name) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
  }
}
