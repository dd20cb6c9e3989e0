/**
 * One plain HTTP/1.1 exchange over a loopback socket. A module of its own so that the broker
 * client reaches the daemon without escarp-cdp (and Netty), and escarp-core stays free of network
 * code.
 */
module dev.escarp.http {
  exports dev.escarp.http;
}
