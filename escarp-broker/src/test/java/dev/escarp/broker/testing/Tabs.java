package dev.escarp.broker.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** A browser's tabs, seen and opened through its own DevTools HTTP endpoint (not through escarp). */
public final class Tabs {

  private Tabs() {}

  /** The URLs of the browser's page targets. */
  public static List<String> pageUrls(int cdpPort) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + cdpPort + "/json/list").toURL().openConnection();
    try (InputStream in = c.getInputStream()) {
      List<String> urls = new ArrayList<>();
      for (JsonNode t : new ObjectMapper().readTree(in)) {
        if (t.get("type").asText().equals("page")) {
          urls.add(t.get("url").asText());
        }
      }
      return urls;
    }
  }

  public static void open(int cdpPort, String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + cdpPort + "/json/new?" + url).toURL().openConnection();
    c.setRequestMethod("PUT");
    assertEquals(200, c.getResponseCode());
    c.getInputStream().close();
  }
}
