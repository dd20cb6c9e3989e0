package dev.escarp.junit.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs a test class through JUnit's launcher, against a pool, and tells what happened. */
public final class Run {

  private Run() {}

  public static TestExecutionSummary of(Class<?> testClass, JUnitPool pool, Map<String, String> settings) {
    Map<String, String> parameters = new HashMap<>(Map.of("escarp.home", pool.home().toString()));
    parameters.putAll(settings);
    var request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(testClass))
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
        .configurationParameters(parameters)
        .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }

  /** The failures, one a line, for assertion messages. */
  public static String failures(TestExecutionSummary summary) {
    return summary.getFailures().stream()
        .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException())
        .collect(Collectors.joining("\n"));
  }
}
