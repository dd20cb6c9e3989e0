package dev.escarp.examples.junit;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests browsers from escarp's pool: a parameter of type {@link LeasedBrowser} (in a test
 * method, {@code @BeforeEach} or {@code @AfterEach}) is a browser the test holds alone; all of
 * them in one test get the same one. A {@code LeasedBrowser} parameter of a {@code @BeforeAll}
 * method is held by the whole class instead, and its tests share it.
 *
 * <ul>
 *   <li>Claims go through escarp-core's {@code flock(2)} allocator, so other test JVMs, escarp's
 *       daemon and agents on the host share the pool safely. When every slot is held, a test
 *       waits (up to {@value #CLAIM_TIMEOUT}, default 2 minutes).
 *   <li>A slot whose browser is not running is launched by the test that claims it, detached, and
 *       left running: the next test, and the next run, find it warm.
 *   <li>When the test ends, passed or failed, the connection is closed, the browser is reset
 *       (default {@code clean}: every tab, cookie and storage entry of the holder gone) and the
 *       slot is released. A test JVM that dies loses its claims to the kernel; the next claimant
 *       resets first.
 * </ul>
 *
 * <p>Settings (JUnit configuration parameters: junit-platform.properties or {@code -D}):
 * {@value #HOME} (default: {@code ESCARP_HOME}, else {@code ~/.escarp}), {@value #CLAIM_TIMEOUT},
 * {@value #RESET} ({@code clean} or {@code tabs}), {@value #BROWSERS} ({@code pool}, or {@code
 * fresh} to launch a browser per test instead, for comparison).
 *
 * <p>Safe under JUnit's parallel execution. The only state is in JUnit's stores: the pool
 * connection per JVM in the root store, each lease in its test's (or class's) store.
 */
public final class EscarpExtension implements ParameterResolver {

  /**
   * The ESCARP_HOME whose pool to use; its pool.json alone describes the pool (ESCARP_POOL_SIZE and
   * ESCARP_CDP_BASE apply to the ESCARP_HOME of the environment, the default).
   */
  public static final String HOME = "escarp.home";
  /** How long a test waits for a free browser: seconds ({@code 90}) or ISO-8601 ({@code PT2M}). */
  public static final String CLAIM_TIMEOUT = "escarp.claim-timeout";
  /** What a browser goes through between tests: {@code clean} (default) or {@code tabs}. */
  public static final String RESET = "escarp.reset";
  /** {@code pool} (default) or {@code fresh}. */
  public static final String BROWSERS = "escarp.browsers";

  private static final Namespace NAMESPACE = Namespace.create(EscarpExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LeasedBrowser.class;
  }

  @Override
  public LeasedBrowser resolveParameter(ParameterContext parameter, ExtensionContext context) {
    BrowserSource source = context.getRoot().getStore(NAMESPACE).computeIfAbsent(
        BrowserSource.class, k -> BrowserSource.open(EscarpSettings.from(context::getConfigurationParameter)),
        BrowserSource.class);
    // Looked up through the parent stores too: a class that leased in @BeforeAll shares its browser.
    Lease lease = context.getStore(NAMESPACE).computeIfAbsent(Lease.class, k -> lease(source, context), Lease.class);
    return lease.browser();
  }

  private static Lease lease(BrowserSource source, ExtensionContext context) {
    String holder = holderName(context);
    try {
      return source.lease(holder);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ParameterResolutionException("interrupted while " + holder + " waited for a browser", e);
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("no browser for " + holder + ": " + e.getMessage(), e);
    }
  }

  /** What the slot's lock record shows as its holder: {@code junit CheckoutIT.submitsTheOrder}. */
  static String holderName(ExtensionContext context) {
    String type = context.getTestClass().map(Class::getSimpleName).orElse(context.getDisplayName());
    Optional<String> method = context.getTestMethod().map(m -> m.getName());
    return "junit " + type + method.map(m -> "." + m).orElse("");
  }
}
