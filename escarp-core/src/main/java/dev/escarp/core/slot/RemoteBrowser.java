package dev.escarp.core.slot;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A browser escarp did not launch and never stops: a person's own Chrome started with {@code
 * --remote-debugging-port}, a browser on another host, a hosted service. Named by its DevTools
 * HTTP base ({@code http://host:port}, answering {@code /json/version}) or by its browser
 * WebSocket URL ({@code ws://host:port/devtools/browser/<id>}, when no {@code /json/version} is
 * served). A token goes in the URL's query or in {@code headers}; both are sent on every request.
 *
 * @param name a plain name, unique in the pool: its lock file is named after it
 * @param url {@code http://} or {@code ws://} (TLS remotes are not supported yet)
 * @param headers sent with every request to the remote (an {@code Authorization} header, say)
 */
public record RemoteBrowser(String name, URI url, Map<String, String> headers) {

  public RemoteBrowser {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("a remote's name must be letters, digits, '.', '_' or '-' "
          + "(at most 64), got '" + name + "'");
    }
    String scheme = Optional.ofNullable(url.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("ws")) {
      throw new IllegalArgumentException("a remote's url must be http://host:port or ws://host:port/..., got '"
          + url + "'" + (scheme.equals("https") || scheme.equals("wss") ? " (TLS remotes are not supported yet)" : ""));
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("a remote's url must name a host, got '" + url + "'");
    }
    headers = Map.copyOf(new TreeMap<>(Objects.requireNonNull(headers, "headers")));
  }

  /** A remote without extra headers. */
  public static RemoteBrowser of(String name, String url) {
    return new RemoteBrowser(name, URI.create(url), Map.of());
  }

  /** A name for a remote given only by URL: its host and port, e.g. {@code 10.0.0.5-9222}. */
  public static String nameFor(URI url) {
    return (url.getHost() + "-" + port(url)).replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** Whether only a WebSocket URL was given: there is no {@code /json/version} to ask. */
  /**
   * The URL to open a browser connection on, given the {@code webSocketDebuggerUrl} the remote's
   * discovery answered: its own URL when it was named by one, else that URL with the remote's
   * query token (its headers go with the handshake).
   */
  public URI browserConnectUrl(URI discovered) {
    if (webSocketOnly()) {
      return url;
    }
    return rawQuery().isEmpty() ? discovered : URI.create(discovered + "?" + rawQuery());
  }

  public boolean webSocketOnly() {
    return url.getScheme().equalsIgnoreCase("ws");
  }

  public String host() {
    return url.getHost();
  }

  public int port() {
    return port(url);
  }

  /** The URL's query (a token, say), sent on every request; empty when there is none. */
  public String rawQuery() {
    return Optional.ofNullable(url.getRawQuery()).orElse("");
  }

  /** The DevTools HTTP base without query, e.g. {@code http://10.0.0.5:9222}; empty for a WebSocket-only remote. */
  public Optional<String> httpBase() {
    if (webSocketOnly()) {
      return Optional.empty();
    }
    String path = Optional.ofNullable(url.getRawPath()).orElse("");
    return Optional.of("http://" + hostForUrl() + ":" + port() + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path));
  }

  /** The host as it goes into a URL (IPv6 in brackets). */
  public String hostForUrl() {
    return host().contains(":") && !host().startsWith("[") ? "[" + host() + "]" : host();
  }

  private static int port(URI url) {
    return url.getPort() > 0 ? url.getPort() : 80;
  }

  /** The URL with its query hidden: tokens never reach logs or records. */
  public String displayUrl() {
    String s = url.getScheme() + "://" + hostForUrl() + ":" + port() + Optional.ofNullable(url.getRawPath()).orElse("");
    return url.getRawQuery() == null ? s : s + "?…";
  }

  @Override
  public String toString() {
    return "RemoteBrowser[" + name + " " + displayUrl() + (headers.isEmpty() ? "" : " +" + headers.size() + " header(s)") + "]";
  }
}
