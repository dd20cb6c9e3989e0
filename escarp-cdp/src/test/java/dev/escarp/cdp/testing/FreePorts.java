package dev.escarp.cdp.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free loopback ports for tests: never 9222 (a developer's Chrome) or 7878 (a running escarp). */
public final class FreePorts {

  private FreePorts() {}

  public static int freePort() {
    return freeRange(1);
  }

  /** A base such that {@code base .. base+count-1} are all free now. */
  public static int freeRange(int count) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        base = probe.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("cannot open a server socket", e);
      }
      if (base + count > 65535 || overlaps(base, count, 9222) || overlaps(base, count, 7878)) {
        continue;
      }
      if (allFree(base, count)) {
        return base;
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports found");
  }

  private static boolean overlaps(int base, int count, int port) {
    return port >= base && port < base + count;
  }

  private static boolean allFree(int base, int count) {
    for (int port = base; port < base + count; port++) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
