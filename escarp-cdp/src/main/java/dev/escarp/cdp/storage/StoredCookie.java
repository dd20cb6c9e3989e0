package dev.escarp.cdp.storage;

import java.util.Objects;

/**
 * One cookie as Playwright's {@code storageState} writes it.
 *
 * @param expires epoch seconds; -1 for a session cookie
 * @param sameSite {@code Strict}, {@code Lax} or {@code None}
 */
public record StoredCookie(String name, String value, String domain, String path, double expires,
    boolean httpOnly, boolean secure, String sameSite) {

  public StoredCookie {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sameSite, "sameSite");
  }

  /** Never the value: cookies are credentials. */
  @Override
  public String toString() {
    return "StoredCookie[" + name + " @ " + domain + path + "]";
  }
}
