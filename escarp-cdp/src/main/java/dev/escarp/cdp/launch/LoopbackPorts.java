package dev.escarp.cdp.launch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports for scratch pools, tests and benchmarks, never 9222 (a developer's Chrome)
 * or 7878 (a running escarp daemon). "Free" means free when looked at: good enough for a scratch
 * pool, which fails loudly if a browser cannot bind its port.
 */
public final class LoopbackPorts {

  private LoopbackPorts() {}

  /** One free port. */
  public static int freePort() {
    return freeRange(1);
  }

  /** A base such that {@code base .. base+count-1} are all free now. */
  public static int freeRange(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    for (int attempt = 0; attempt < 100; attempt++) {
      int base;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        base = probe.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("cannot open a loopback server socket", e);
      }
      if (base + count <= 65535 && !covers(base, count, 9222) && !covers(base, count, 7878) && allFree(base, count)) {
        return base;
      }
    }
    throw new IllegalStateException("found no " + count + " consecutive free loopback ports in 100 tries");
  }

  private static boolean covers(int base, int count, int port) {
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
