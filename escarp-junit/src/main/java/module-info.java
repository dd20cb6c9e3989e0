/**
 * escarp's JUnit Jupiter extension (JUnit 5.10+ and 6): {@code @Escarp} on a test class, and its
 * tests get browsers leased from escarp's pool as {@code LeasedBrowser}, Playwright ({@code
 * Browser}, {@code BrowserContext}, {@code Page}) or Selenium ({@code WebDriver}) parameters.
 * Playwright and Selenium are optional: a test that declares their types brings them.
 */
module dev.escarp.junit {
  requires transitive dev.escarp.core;
  requires transitive org.junit.jupiter.api;
  requires dev.escarp.cdp;
  requires com.fasterxml.jackson.databind;
  // Optional: only touched when a test declares one of their types. Playwright's jar has no module name of its own.
  requires static playwright;
  requires static org.seleniumhq.selenium.chrome_driver;

  exports dev.escarp.junit;
}
