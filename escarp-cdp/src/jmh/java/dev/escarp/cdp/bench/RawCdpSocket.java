package dev.escarp.cdp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The baseline: the least code that speaks CDP. A blocking socket, a hand-written WebSocket
 * handshake and framing, no threads, no futures, no pipeline. One caller at a time.
 */
final class RawCdpSocket implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] mask = new byte[4];
  private long nextId;

  private RawCdpSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    ThreadLocalRandom.current().nextBytes(mask);
  }

  static RawCdpSocket open(URI ws) throws IOException {
    Socket socket = new Socket(ws.getHost(), ws.getPort());
    socket.setTcpNoDelay(true);
    RawCdpSocket raw = new RawCdpSocket(socket);
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    String request = "GET " + ws.getRawPath() + " HTTP/1.1\r\n"
        + "Host: " + ws.getHost() + ":" + ws.getPort() + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
    raw.out.write(request.getBytes(StandardCharsets.US_ASCII));
    raw.out.flush();
    String status = readHead(raw.in).get(":status");
    if (!status.contains(" 101 ")) {
      socket.close();
      throw new IOException("handshake refused: " + status);
    }
    return raw;
  }

  /** {@code GET /json/version} over a plain socket: the raw counterpart of VersionProbe. */
  static URI discover(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /json/version HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      Map<String, String> head = readHead(in);
      byte[] body = in.readNBytes(Integer.parseInt(head.get("content-length").trim()));
      return URI.create(JSON.readTree(body).get("webSocketDebuggerUrl").asText());
    }
  }

  /** Status line under ":status", then headers by lower-case name. */
  private static Map<String, String> readHead(InputStream in) throws IOException {
    Map<String, String> head = new HashMap<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String text = line.toString(StandardCharsets.US_ASCII).strip();
        line.reset();
        if (text.isEmpty()) {
          return head;
        }
        if (!head.containsKey(":status")) {
          head.put(":status", text + " ");
        } else {
          int colon = text.indexOf(':');
          head.put(text.substring(0, colon).toLowerCase(java.util.Locale.ROOT), text.substring(colon + 1));
        }
      } else {
        line.write(c);
      }
    }
    throw new EOFException("connection closed in the HTTP head");
  }

  /** Sends a command and returns its id; the answer is read with {@link #await}. */
  long send(String method, ObjectNode params, String sessionId) throws IOException {
    long id = ++nextId;
    ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
    if (params != null) {
      command.set("params", params);
    }
    if (sessionId != null) {
      command.put("sessionId", sessionId);
    }
    writeText(JSON.writeValueAsBytes(command));
    return id;
  }

  /** Reads messages until the answer to {@code id}; events and other answers are dropped. */
  JsonNode await(long id) throws IOException {
    while (true) {
      JsonNode message = JSON.readTree(readMessage());
      if (message.path("id").asLong(-1) == id) {
        if (message.has("error")) {
          throw new IOException("CDP error: " + message.get("error"));
        }
        return message.path("result");
      }
    }
  }

  JsonNode call(String method, ObjectNode params) throws IOException {
    return await(send(method, params, null));
  }

  JsonNode call(String method) throws IOException {
    return call(method, null);
  }

  /** Sends every command first, then reads every answer: the fastest way to issue a batch. */
  List<JsonNode> callAll(List<String> methods, List<ObjectNode> params, String sessionId) throws IOException {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < methods.size(); i++) {
      ids.add(send(methods.get(i), params.get(i), sessionId));
    }
    List<JsonNode> answers = new ArrayList<>();
    for (long id : ids) {
      answers.add(await(id));
    }
    return answers;
  }

  private void writeText(byte[] payload) throws IOException {
    out.write(0x81); // FIN + text
    int length = payload.length;
    if (length < 126) {
      out.write(0x80 | length);
    } else if (length < 65536) {
      out.write(0x80 | 126);
      out.write(length >>> 8);
      out.write(length);
    } else {
      out.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) length >>> shift));
      }
    }
    out.write(mask);
    for (int i = 0; i < length; i++) {
      payload[i] ^= mask[i & 3];
    }
    out.write(payload);
    out.flush();
  }

  private byte[] readMessage() throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    while (true) {
      int b0 = readByte();
      int b1 = readByte();
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0f;
      long length = b1 & 0x7f;
      if (length == 126) {
        length = (readByte() << 8) | readByte();
      } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | readByte();
        }
      }
      byte[] payload = in.readNBytes((int) length);
      if (opcode == 0x8) {
        throw new EOFException("server closed the WebSocket");
      }
      if (opcode >= 0x8) {
        continue; // ping/pong: Chromium sends none unasked
      }
      message.write(payload);
      if (fin) {
        return message.toByteArray();
      }
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException();
    }
    return b;
  }

  @Override
  public void close() throws IOException {
    try {
      out.write(new byte[] {(byte) 0x88, (byte) 0x80, mask[0], mask[1], mask[2], mask[3]});
      out.flush();
    } finally {
      socket.close();
    }
  }
}
