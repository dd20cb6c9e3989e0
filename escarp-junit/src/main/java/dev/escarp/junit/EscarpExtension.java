package dev.escarp.junit;

import dev.escarp.cdp.watch.BrowserWatch;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests browsers from escarp's pool. A parameter (of a test method, {@code @BeforeEach} or
 * {@code @AfterEach}) of one of these types is a browser the test holds alone; all of them in one
 * test are the same browser:
 *
 * <ul>
 *   <li>{@link LeasedBrowser}: the slot, its CDP URLs and dev ports;
 *   <li>Playwright for Java's {@code Browser}, {@code BrowserContext}, {@code Page}: connected over
 *       CDP, disconnected after the test (Playwright on the test class path);
 *   <li>Selenium's {@code WebDriver} / {@code ChromeDriver}: attached with {@code debuggerAddress}
 *       through the system's chromedriver, quit after the test (selenium-chrome-driver on the test
 *       class path).
 * </ul>
 *
 * A {@code LeasedBrowser} parameter of a {@code @BeforeAll} method is held by the whole class
 * instead, and its tests share it.
 *
 * <p>Claims go through escarp-core's {@code flock(2)} allocator, so other test JVMs, escarp's
 * daemon and agents on the host share the pool safely, with or without a daemon running. When
 * every slot is held a test waits ({@value #CLAIM_TIMEOUT}, default 2 minutes). A slot whose browser
 * is not running is launched, detached, by the test that claims it, and left running for the next.
 * When the test ends, passed or failed, what it attached is closed, the browser is reset (default
 * {@code clean}: tabs, cookies, storage, cache) and the slot released. A failed test first leaves a
 * screenshot and its pages' console messages under {@value #EVIDENCE} (default {@code
 * target/escarp-evidence}) {@code /<class>/<method>/}, named in its failure.
 *
 * <p>Settings are JUnit configuration parameters (junit-platform.properties or {@code -D}):
 * {@value #HOME}, {@value #CLAIM_TIMEOUT}, {@value #RESET}, {@value #EVIDENCE}. Safe under JUnit's
 * parallel execution: the only state is in JUnit's stores (the pool per JVM in the root store,
 * each lease in its test's or class's store). Built against JUnit 5.10; runs on 5.10 to 6.
 */
public final class EscarpExtension implements ParameterResolver, AfterTestExecutionCallback {

  /**
   * The ESCARP_HOME whose pool to use; its pool.json alone describes the pool (ESCARP_POOL_SIZE and
   * ESCARP_CDP_BASE apply to the ESCARP_HOME of the environment, the default).
   */
  public static final String HOME = "escarp.home";
  /** How long a test waits for a free browser: seconds ({@code 90}) or ISO-8601 ({@code PT2M}). */
  public static final String CLAIM_TIMEOUT = "escarp.claim-timeout";
  /** What a browser goes through between tests: {@code clean} (default) or {@code tabs}. */
  public static final String RESET = "escarp.reset";
  /** Where failed tests leave evidence (default {@code target/escarp-evidence}); {@code none}: nowhere. */
  public static final String EVIDENCE = "escarp.evidence";

  private static final Namespace NAMESPACE = Namespace.create(EscarpExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    // By name: Playwright and Selenium classes are loaded only for tests that declare them.
    return type == LeasedBrowser.class || PlaywrightParameters.TYPES.contains(type.getName())
        || SeleniumParameters.TYPES.contains(type.getName());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (PlaywrightParameters.TYPES.contains(type.getName())) {
      // The thread's Playwright driver is started before a slot is claimed, not while one is held.
      PlaywrightParameters.Driver driver;
      try {
        driver = PlaywrightParameters.driver(context.getRoot().getStore(NAMESPACE));
      } catch (RuntimeException e) {
        throw new ParameterResolutionException("could not start Playwright for a " + type.getSimpleName() + ": "
            + e.getMessage(), e);
      }
      Lease lease = lease(context);
      return attach(type, lease, () -> PlaywrightParameters.resolve(type, lease, driver));
    }
    Lease lease = lease(context);
    return attach(type, lease, () -> type == LeasedBrowser.class ? lease.browser() : SeleniumParameters.resolve(lease));
  }

  private static Object attach(Class<?> type, Lease lease, Supplier<Object> attach) {
    try {
      return attach.get();
    } catch (ParameterResolutionException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("could not attach a " + type.getSimpleName() + " to the browser of slot "
          + lease.browser().slot().index() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    Optional<Throwable> failure = context.getExecutionException();
    if (failure.isEmpty()) {
      return;
    }
    // Looked up through the parent stores too: a class that leased in @BeforeAll shares its browser.
    Lease lease = context.getStore(NAMESPACE).get(Lease.class, Lease.class);
    if (lease == null) {
      return;
    }
    Optional<BrowserWatch> watch = lease.watch();
    if (watch.isPresent()) {
      source(context).settings().evidence().ifPresent(root -> Evidence.collect(context, failure.get(), watch.get(), root));
    }
  }

  private static Lease lease(ExtensionContext context) {
    PooledBrowsers source = source(context);
    // Looked up through the parent stores too: a class that leased in @BeforeAll shares its browser.
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(Lease.class, k -> lease(source, context), Lease.class);
  }

  private static PooledBrowsers source(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(PooledBrowsers.class,
        k -> PooledBrowsers.open(EscarpSettings.from(context::getConfigurationParameter)), PooledBrowsers.class);
  }

  private static Lease lease(PooledBrowsers source, ExtensionContext context) {
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
