package dev.escarp.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (set by the build). */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = EscarpMain.class.getPackage().getImplementationVersion();
    return new String[] {
        "escarp " + (version == null ? "(development build)" : version),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
    };
  }
}
