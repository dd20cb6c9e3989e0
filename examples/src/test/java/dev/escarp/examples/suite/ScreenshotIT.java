package dev.escarp.examples.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import dev.escarp.examples.support.LocalSite;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Screenshots of a page painted in a colour of the test's choosing: what the browser shows is this test's page. */
class ScreenshotIT extends SuiteTest {

  private static LocalSite site;

  @BeforeAll
  static void startSite() {
    site = LocalSite.start().route("/swatch", request -> LocalSite.Response.html(
        "<!doctype html><title>" + request.query().get("rgb") + "</title>"
            + "<style>html, body { margin: 0; height: 100%; background: #" + request.query().get("rgb") + "; }</style>"));
  }

  @AfterAll
  static void stopSite() {
    site.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"c62828", "1565c0", "f9a825", "6a1b9a"})
  void screenshotShowsThisTestsColour(String rgb, Page page) throws Exception {
    page.navigate(site.url("/swatch?rgb=" + rgb));

    BufferedImage shot = ImageIO.read(new ByteArrayInputStream(page.screenshot()));
    int expected = Integer.parseInt(rgb, 16);
    assertEquals(Integer.toHexString(expected), Integer.toHexString(shot.getRGB(shot.getWidth() / 2, shot.getHeight() / 2) & 0xFFFFFF));
    assertEquals(rgb, page.title());
  }
}
