package dev.escarp.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Just enough of escarp's HTTP API for the /hold demo: JSON in, JSON out, on 127.0.0.1. */
final class DaemonApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final int port;

  DaemonApi(int port) {
    this.port = port;
  }

  /** A POST that must answer 200; returns the JSON body. */
  JsonNode post(String path, String json) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request(path, json).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** {@code POST /hold}: answered only when the lease ends; the open connection is the lease's lifeline. */
  CompletableFuture<HttpResponse<String>> hold(String leaseToken) {
    return http.sendAsync(request("/hold", "{\"lease_token\": \"" + leaseToken + "\"}").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode status() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private HttpRequest.Builder request(String path, String json) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }
}
