package dev.escarp.broker.routes;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /json/version} and {@code /json/list} at the daemon's root: a CDP client pointed at the
 * daemon itself (or one that drops a URL's path, as Puppeteer's {@code browserURL} does) is told
 * which URL it wants instead of a bare 404.
 */
final class NotABrowserRoute implements Route {

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    throw new ApiException(404, "not_a_browser", "this is the escarp daemon, not a browser: connect to a lease's "
        + "cdp_http_url or cdp_ws_url, or to ws://<this host>/connect/<name> to lease one on connect "
        + "(chrome-devtools-mcp and Puppeteer drop the path of --browser-url/browserURL: give them --wsEndpoint)");
  }
}
