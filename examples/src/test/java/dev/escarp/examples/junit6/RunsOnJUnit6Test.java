package dev.escarp.examples.junit6;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * This module runs escarp-junit (built against JUnit 5.10, whose own tests run on 5.10) on
 * JUnit 6: the sample suite is the proof that the extension works there, this test that it is 6.
 */
class RunsOnJUnit6Test {

  @Test
  void theSampleSuiteRunsOnJUnit6() {
    String version = Test.class.getPackage().getImplementationVersion();
    assertTrue(version != null && version.startsWith("6."), "JUnit Jupiter " + version);
  }
}
