package dev.escarp.broker.relay;

import io.netty.buffer.ByteBuf;

/**
 * Follows WebSocket frame boundaries in one direction of a relayed byte stream, reading only
 * frame headers (RFC 6455 section 5.2), never payloads: the relay counts frames and knows when it
 * may put a close frame of its own between two. Event-loop confined.
 */
final class FrameTracker {

  private final byte[] header = new byte[14];
  private int headerHave;
  private int headerNeed = 2;
  private long payloadLeft;

  /** Scans the readable bytes without consuming them; returns how many frames they completed. */
  int scan(ByteBuf bytes) {
    int frames = 0;
    int i = bytes.readerIndex();
    int end = bytes.writerIndex();
    while (i < end) {
      if (payloadLeft > 0) {
        long take = Math.min(payloadLeft, end - i);
        payloadLeft -= take;
        i += (int) take;
        if (payloadLeft == 0) {
          frames++;
        }
        continue;
      }
      header[headerHave++] = bytes.getByte(i++);
      if (headerHave == 2) {
        int len7 = header[1] & 0x7f;
        headerNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
      }
      if (headerHave >= 2 && headerHave == headerNeed) {
        payloadLeft = payloadLength();
        headerHave = 0;
        headerNeed = 2;
        if (payloadLeft == 0) {
          frames++;
        }
      }
    }
    return frames;
  }

  /** True between frames: nothing of a frame has been seen that is not yet complete. */
  boolean atBoundary() {
    return headerHave == 0 && payloadLeft == 0;
  }

  private long payloadLength() {
    int len7 = header[1] & 0x7f;
    if (len7 < 126) {
      return len7;
    }
    if (len7 == 126) {
      return ((header[2] & 0xffL) << 8) | (header[3] & 0xffL);
    }
    long length = 0;
    for (int k = 2; k < 10; k++) {
      length = (length << 8) | (header[k] & 0xffL);
    }
    return length & Long.MAX_VALUE;
  }
}
