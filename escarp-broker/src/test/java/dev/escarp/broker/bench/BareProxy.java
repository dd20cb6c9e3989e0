package dev.escarp.broker.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;

/**
 * The least a relay can be: a TCP proxy that forwards bytes to one browser port and back, both
 * sides on one event loop, nothing parsed, nothing checked. The relay benchmark puts it beside the
 * daemon's relay as the floor of one more process on the path: Chromium names its DevTools URLs by
 * the Host header it was asked with, so a client that starts at the proxy's port stays on it.
 */
final class BareProxy implements AutoCloseable {

  private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final Channel server;

  BareProxy(int browserPort) throws InterruptedException {
    server = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel client) {
            new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new Forward(client))
                .connect("127.0.0.1", browserPort)
                .addListener(connected -> {
                  if (!connected.isSuccess()) {
                    client.close();
                    return;
                  }
                  Channel browser = ((io.netty.channel.ChannelFuture) connected).channel();
                  client.pipeline().addLast(new Forward(browser));
                  client.config().setAutoRead(true);
                });
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close();
    loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Writes what one side reads to the other, flushing once per read batch. */
  private static final class Forward extends ChannelInboundHandlerAdapter {
    private final Channel peer;

    Forward(Channel peer) {
      this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      peer.write(msg, peer.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      peer.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      peer.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
