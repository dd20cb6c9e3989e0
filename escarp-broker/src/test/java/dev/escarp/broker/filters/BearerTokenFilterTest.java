package dev.escarp.broker.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.escarp.broker.clients.Callers;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.RequestHeaders;
import dev.escarp.broker.http.Route;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BearerTokenFilterTest {

  private final Route ok = request -> CompletableFuture.completedFuture(ApiResponse.text(200, "text/plain", "ok"));
  private final Route guarded = new BearerTokenFilter(Callers.apiTokenOnly(java.util.Optional.of("s3cret"))).apply(ok);

  private static ApiRequest withHeaders(Map<String, String> headers) {
    return new ApiRequest("GET", "/status", RequestHeaders.of(headers), new byte[0], new CompletableFuture<>());
  }

  @Test
  void theRightBearerToken_passes() {
    assertEquals(200, guarded.handle(withHeaders(Map.of("authorization", "Bearer s3cret"))).join().status());
  }

  @Test
  void aMissingOrWrongToken_is401_andTheMessageNeverQuotesIt() {
    ApiException missing = assertThrows(ApiException.class, () -> guarded.handle(withHeaders(Map.of())));
    assertEquals(401, missing.status());
    assertEquals("unauthorized", missing.error());
    ApiException wrong = assertThrows(ApiException.class,
        () -> guarded.handle(withHeaders(Map.of("authorization", "Bearer guess"))));
    assertEquals(401, wrong.status());
    assertEquals(false, wrong.getMessage().contains("s3cret") || wrong.getMessage().contains("guess"));
  }

  @Test
  void theConsoleCookie_passesFromTheDaemonsOwnOrigin_butNotFromAnotherLoopbackPort() {
    String cookie = new ConsoleCookie("s3cret").setCookieHeader().split(";")[0];
    assertEquals(200, guarded.handle(withHeaders(Map.of("cookie", "other=1; " + cookie, "host", "127.0.0.1:7000",
        "origin", "http://127.0.0.1:7000"))).join().status());
    assertEquals(200, guarded.handle(withHeaders(Map.of("cookie", cookie, "host", "127.0.0.1:7000"))).join().status());
    ApiException devServer = assertThrows(ApiException.class, () -> guarded.handle(withHeaders(Map.of("cookie", cookie,
        "host", "127.0.0.1:7000", "origin", "http://127.0.0.1:3000"))));
    assertEquals(401, devServer.status());
    ApiException forged = assertThrows(ApiException.class,
        () -> guarded.handle(withHeaders(Map.of("cookie", "escarp_console=s3cret", "host", "127.0.0.1:7000"))));
    assertEquals(401, forged.status());
  }
}
