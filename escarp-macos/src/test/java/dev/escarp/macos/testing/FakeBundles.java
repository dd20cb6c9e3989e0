package dev.escarp.macos.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A small stand-in for {@code Google Chrome for Testing.app}: the files bundle code touches. */
public final class FakeBundles {

  public static final String CFT_NAME = "Google Chrome for Testing";

  public static final String CFT_PLIST =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
      <plist version="1.0">
      <dict>
      \t<key>CFBundleDisplayName</key>
      \t<string>Google Chrome for Testing</string>
      \t<key>CFBundleExecutable</key>
      \t<string>Google Chrome for Testing</string>
      \t<key>CFBundleIdentifier</key>
      \t<string>com.google.chrome.for.testing</string>
      \t<key>CFBundleShortVersionString</key>
      \t<string>139.0.7258.66</string>
      \t<key>LSMinimumSystemVersion</key>
      \t<string>11.0</string>
      \t<key>NSHighResolutionCapable</key>
      \t<true/>
      </dict>
      </plist>
      """;

  private FakeBundles() {}

  /**
   * {@code <dir>/Google Chrome for Testing.app} with an executable main binary, a framework whose
   * {@code Versions/Current} is a symlink, and {@code plist} as its Info.plist.
   */
  public static Path chromeForTesting(Path dir, String plist) throws IOException {
    Path app = dir.resolve(CFT_NAME + ".app");
    Path contents = app.resolve("Contents");
    Files.createDirectories(contents.resolve("MacOS"));
    Path exe = contents.resolve("MacOS").resolve(CFT_NAME);
    Files.writeString(exe, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path framework = contents.resolve("Frameworks").resolve(CFT_NAME + " Framework.framework");
    Files.createDirectories(framework.resolve("Versions").resolve("139.0.7258.66"));
    Files.writeString(framework.resolve("Versions").resolve("139.0.7258.66").resolve("lib"), "binary");
    Files.createSymbolicLink(framework.resolve("Versions").resolve("Current"), Path.of("139.0.7258.66"));
    Files.write(contents.resolve("Info.plist"), plist.getBytes(StandardCharsets.UTF_8));
    return app;
  }

  public static Path chromeForTesting(Path dir) throws IOException {
    return chromeForTesting(dir, CFT_PLIST);
  }
}
