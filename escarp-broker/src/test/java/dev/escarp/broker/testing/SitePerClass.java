package dev.escarp.broker.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A login site and a visitor (Playwright) for a whole test class, started before its first test
 * and closed after its last: {@code @RegisterExtension static final SitePerClass login = new SitePerClass();}.
 */
public final class SitePerClass implements BeforeAllCallback, AfterAllCallback {

  private LoginSite site;
  private SiteVisitor visitor;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    site = LoginSite.start();
    visitor = new SiteVisitor();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (visitor != null) {
      visitor.close();
    }
    if (site != null) {
      site.close();
    }
  }

  public LoginSite site() {
    return site;
  }

  public SiteVisitor visitor() {
    return visitor;
  }
}
