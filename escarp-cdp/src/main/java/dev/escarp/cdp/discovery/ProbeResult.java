package dev.escarp.cdp.discovery;

import java.util.Objects;
import java.util.Optional;

/** What a {@link VersionProbe} found on a port: a browser, or nothing (and why not). */
public sealed interface ProbeResult permits ProbeResult.Found, ProbeResult.NothingThere {

  int port();

  /** The browser, when one answered. */
  Optional<BrowserVersion> version();

  /** A DevTools endpoint answered {@code /json/version}. */
  record Found(BrowserVersion browser) implements ProbeResult {

    public Found {
      Objects.requireNonNull(browser, "browser");
    }

    @Override
    public int port() {
      return browser.port();
    }

    @Override
    public Optional<BrowserVersion> version() {
      return Optional.of(browser);
    }
  }

  /**
   * No DevTools endpoint answered.
   *
   * @param reason why not, for people: {@code connection refused}, {@code timed out after 500 ms},
   *     {@code HTTP 404}, {@code not a DevTools answer: ...}
   */
  record NothingThere(int port, String reason) implements ProbeResult {

    public NothingThere {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Optional<BrowserVersion> version() {
      return Optional.empty();
    }
  }
}
