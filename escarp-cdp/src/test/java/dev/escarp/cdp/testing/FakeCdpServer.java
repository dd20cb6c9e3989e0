package dev.escarp.cdp.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpEventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A DevTools WebSocket endpoint on 127.0.0.1 for tests that need a browser to misbehave: never
 * answer, answer with an error, drop the socket, send huge messages, list odd targets.
 */
public final class FakeCdpServer implements AutoCloseable {

  public static final String PATH = "/devtools/browser/fake";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Decides what to do with each command; runs on the server's event loop. */
  @FunctionalInterface
  public interface Responder {
    void onCommand(ObjectNode command, Reply reply);
  }

  /** The ways to answer one command. */
  public static final class Reply {
    private final Channel channel;
    private final ObjectNode command;

    Reply(Channel channel, ObjectNode command) {
      this.channel = channel;
      this.command = command;
    }

    public String method() {
      return command.path("method").asText();
    }

    public ObjectNode params() {
      return command.has("params") ? (ObjectNode) command.get("params") : JSON.createObjectNode();
    }

    public void result(ObjectNode result) {
      ObjectNode message = JSON.createObjectNode().put("id", command.get("id").asLong());
      message.set("result", result);
      copySession(message);
      raw(message.toString());
    }

    public void error(int code, String text) {
      ObjectNode message = JSON.createObjectNode().put("id", command.get("id").asLong());
      message.putObject("error").put("code", code).put("message", text);
      copySession(message);
      raw(message.toString());
    }

    public void event(String method, ObjectNode params, String sessionId) {
      ObjectNode message = JSON.createObjectNode().put("method", method);
      message.set("params", params);
      if (sessionId != null) {
        message.put("sessionId", sessionId);
      }
      raw(message.toString());
    }

    public void raw(String text) {
      channel.writeAndFlush(new TextWebSocketFrame(text));
    }

    /** Closes the TCP connection without a WebSocket close frame, like a crashed browser. */
    public void drop() {
      channel.close();
    }

    private void copySession(ObjectNode message) {
      if (command.has("sessionId")) {
        message.put("sessionId", command.get("sessionId").asText());
      }
    }
  }

  private final EventLoopGroup group;
  private final Channel server;
  private final List<HttpHeaders> handshakes = new CopyOnWriteArrayList<>();
  private final List<ObjectNode> commands = new CopyOnWriteArrayList<>();

  private FakeCdpServer(Responder responder) throws InterruptedException {
    group = CdpEventLoops.newGroup(1, "fake-cdp");
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(64 * 1024))
                        .addLast(
                            new WebSocketServerProtocolHandler(
                                WebSocketServerProtocolConfig.newBuilder()
                                    .websocketPath(PATH)
                                    .maxFramePayloadLength(256 * 1024 * 1024)
                                    .build()))
                        .addLast(new CommandHandler(responder));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
  }

  public static FakeCdpServer start(Responder responder) {
    try {
      return new FakeCdpServer(responder);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  public URI uri() {
    return URI.create("ws://127.0.0.1:" + port() + PATH);
  }

  /** The headers of every WebSocket upgrade request received. */
  public List<HttpHeaders> handshakes() {
    return handshakes;
  }

  /** Every command received, in order. */
  public List<ObjectNode> commands() {
    return commands;
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  private final class CommandHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final Responder responder;

    CommandHandler(Responder responder) {
      this.responder = responder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      ObjectNode command;
      try {
        command = (ObjectNode) JSON.readTree(frame.text());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      commands.add(command);
      responder.onCommand(command, new Reply(ctx.channel(), command));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete complete) {
        handshakes.add(complete.requestHeaders());
      }
      super.userEventTriggered(ctx, evt);
    }
  }
}
