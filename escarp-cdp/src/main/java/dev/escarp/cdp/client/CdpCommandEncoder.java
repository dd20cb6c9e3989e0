package dev.escarp.cdp.client;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.escarp.core.json.JsonTrees;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.OutputStream;
import java.util.List;

/** Writes a {@link CdpCommand} as one text frame: {@code {"id","method","params","sessionId"}}. */
final class CdpCommandEncoder extends MessageToMessageEncoder<CdpCommand> {

  CdpCommandEncoder() {
    super(CdpCommand.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, CdpCommand command, List<Object> out)
      throws Exception {
    ByteBuf buf = ctx.alloc().buffer();
    // ByteBufOutputStream is also a DataOutput: name the OutputStream overload explicitly.
    OutputStream stream = new ByteBufOutputStream(buf);
    boolean done = false;
    try (JsonGenerator json = JsonTrees.generator(stream)) {
      json.writeStartObject();
      json.writeNumberField("id", command.id());
      json.writeStringField("method", command.method());
      if (command.params() != null) {
        json.writeFieldName("params");
        JsonTrees.write(json, command.params());
      }
      if (command.sessionId() != null) {
        json.writeStringField("sessionId", command.sessionId());
      }
      json.writeEndObject();
      done = true;
    } finally {
      if (!done) {
        buf.release();
      }
    }
    out.add(new TextWebSocketFrame(buf));
  }
}
