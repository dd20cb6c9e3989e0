package dev.escarp.examples.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.escarp.examples.support.LocalSite;
import dev.escarp.junit.LeasedBrowser;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;

/**
 * {@link IsolationIT} with Selenium: a WebDriver attached to the leased browser leaves a cookie,
 * a localStorage entry and a tab, and finds no one else's. It runs alongside the Playwright tests,
 * in both JVMs, on the same pool.
 */
class SeleniumIsolationIT extends SuiteTest {

  private static LocalSite site;

  @BeforeAll
  static void startSite() {
    site = LocalSite.start().page("/marks", IsolationIT.MARKS_PAGE);
  }

  @AfterAll
  static void stopSite() {
    site.close();
  }

  @RepeatedTest(6)
  void leavesItsMarks_andFindsNoOneElses(WebDriver driver, LeasedBrowser browser) throws Exception {
    String mark = "mark-" + UUID.randomUUID();
    assertEquals(1, driver.getWindowHandles().size(), "tabs found before opening any");
    driver.get(site.url("/marks"));
    JavascriptExecutor js = (JavascriptExecutor) driver;
    assertEquals("{\"cookies\":[],\"stored\":[]}", js.executeScript("return marks()"), "marks found before leaving any");
    assertEquals(Set.of(), driver.manage().getCookies(), "cookies found before leaving any");

    driver.manage().addCookie(new Cookie(mark, "1", "/"));
    js.executeScript("localStorage.setItem(arguments[0], '1')", mark);
    String first = driver.getWindowHandle();
    driver.switchTo().newWindow(WindowType.TAB).get(site.url("/marks?another-tab"));
    driver.switchTo().window(first).get(site.url("/marks?again"));

    assertEquals("{\"cookies\":[\"" + mark + "\"],\"stored\":[\"" + mark + "\"]}", js.executeScript("return marks()"));
    assertEquals(List.of(mark), cookieNames(browser), "the browser's cookie jar, all origins");
    assertEquals(2, driver.getWindowHandles().size());
  }
}
