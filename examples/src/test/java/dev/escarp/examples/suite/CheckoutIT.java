package dev.escarp.examples.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import dev.escarp.examples.support.LocalSite;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A form, filled and submitted with Playwright in a leased browser; the page posts it to the local site's server. */
class CheckoutIT extends SuiteTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SHOP = """
      <!doctype html>
      <html><head><title>Shop</title>
      <style>body { margin: 0; font: 16px sans-serif; } body.ordered { background: rgb(0, 128, 0); }</style>
      </head><body>
      <form id="order">
        <input id="name" name="name" placeholder="name">
        <input id="email" name="email" placeholder="email">
        <input id="qty" name="qty" type="number" value="1">
        <button id="buy" type="submit">Buy</button>
      </form>
      <p id="result"></p>
      <script>
        document.getElementById('order').addEventListener('submit', async (event) => {
          event.preventDefault();
          const field = (id) => document.getElementById(id);
          const result = field('result');
          const order = { name: field('name').value, email: field('email').value, qty: Number(field('qty').value), ref: location.hash.slice(1) };
          if (!order.email.includes('@')) { result.textContent = 'Please enter a valid email'; return; }
          const reply = await fetch('/orders', { method: 'POST', body: JSON.stringify(order) }).then(r => r.json());
          result.textContent = 'Thank you, ' + order.name + ': order ' + reply.id + ' for ' + reply.total + ' EUR';
          document.body.className = 'ordered';
        });
      </script>
      </body></html>
      """;

  private static LocalSite site;
  private static final Map<String, JsonNode> ORDERS = new ConcurrentHashMap<>();

  @BeforeAll
  static void startSite() {
    site = LocalSite.start().page("/shop", SHOP).route("/orders", request -> {
      try {
        JsonNode order = JSON.readTree(request.body());
        ORDERS.put(order.path("ref").asText(), order);
        return LocalSite.Response.json("{\"id\": \"o-" + ORDERS.size() + "\", \"total\": " + 12 * order.path("qty").asInt() + "}");
      } catch (Exception e) {
        return new LocalSite.Response(400, "text/plain", e.getMessage());
      }
    });
  }

  @AfterAll
  static void stopSite() {
    site.close();
  }

  @Test
  void submitsAnOrder_andTheServerReceivesIt(Page page) {
    String ref = UUID.randomUUID().toString();
    page.navigate(site.url("/shop#" + ref));

    page.fill("#name", "Ada");
    page.fill("#email", "ada@example.test");
    page.fill("#qty", "3");
    page.click("#buy");
    page.waitForFunction("document.getElementById('result').textContent !== ''");

    String result = page.textContent("#result");
    assertTrue(result.startsWith("Thank you, Ada: order o-"), result);
    assertTrue(result.endsWith("for 36 EUR"), result);
    JsonNode received = ORDERS.get(ref);
    assertEquals("ada@example.test", received.path("email").asText());
    assertEquals(3, received.path("qty").asInt());
  }

  @Test
  void rejectsAnEmailWithoutAt_andSendsNothing(Page page) {
    String ref = UUID.randomUUID().toString();
    page.navigate(site.url("/shop#" + ref));

    page.fill("#name", "Bob");
    page.fill("#email", "bob.example.test");
    page.click("#buy");

    assertEquals("Please enter a valid email", page.textContent("#result"));
    assertTrue(!ORDERS.containsKey(ref), "the page must not have posted the order");
  }

  @Test
  void anOrderedPageTurnsGreen_inAScreenshot(Page page) throws Exception {
    page.navigate(site.url("/shop#" + UUID.randomUUID()));
    page.fill("#name", "Cy");
    page.fill("#email", "cy@example.test");
    page.click("#buy");
    page.waitForFunction("document.body.className === 'ordered'");

    BufferedImage shot = ImageIO.read(new ByteArrayInputStream(page.screenshot()));
    assertEquals(0x008000, shot.getRGB(shot.getWidth() - 5, shot.getHeight() - 5) & 0xFFFFFF,
        "the bottom-right corner of the page should be green");
  }
}
