package dev.escarp.macos.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.macos.testing.FakeBundles;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfoPlistTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void rewrite_existingKeys_changesOnlyThoseAndKeepsTheRestInPlace() {
    byte[] rewritten = InfoPlist.rewrite(bytes(FakeBundles.CFT_PLIST), Map.of(
        "CFBundleIdentifier", "dev.escarp.chrome.slot3",
        "CFBundleDisplayName", "Escarp Chrome Slot 3"));

    Map<String, String> strings = InfoPlist.strings(rewritten);
    assertEquals("dev.escarp.chrome.slot3", strings.get("CFBundleIdentifier"));
    assertEquals("Escarp Chrome Slot 3", strings.get("CFBundleDisplayName"));
    assertEquals("Google Chrome for Testing", strings.get("CFBundleExecutable"));
    assertEquals("139.0.7258.66", strings.get("CFBundleShortVersionString"));
    assertEquals(
        List.of("CFBundleDisplayName", "CFBundleExecutable", "CFBundleIdentifier", "CFBundleShortVersionString",
            "LSMinimumSystemVersion"),
        List.copyOf(strings.keySet()));
    String xml = text(rewritten);
    assertTrue(xml.contains("<key>NSHighResolutionCapable</key>\n\t<true/>"), xml);
    assertTrue(xml.contains("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\""), xml);
    assertFalse(xml.contains("com.google.chrome.for.testing"), xml);
  }

  @Test
  void rewrite_missingKeys_appendsThemIndentedLikeTheOthers() {
    String withoutName = FakeBundles.CFT_PLIST.replace(
        "\t<key>CFBundleDisplayName</key>\n\t<string>Google Chrome for Testing</string>\n", "");
    Map<String, String> values = new LinkedHashMap<>();
    values.put("CFBundleName", "Escarp Chrome Slot 0");
    values.put("CFBundleDisplayName", "Escarp Chrome Slot 0");

    String xml = text(InfoPlist.rewrite(bytes(withoutName), values));

    assertTrue(
        xml.contains("\t<true/>\n\t<key>CFBundleName</key>\n\t<string>Escarp Chrome Slot 0</string>\n"
            + "\t<key>CFBundleDisplayName</key>\n\t<string>Escarp Chrome Slot 0</string>\n</dict>"),
        xml);
    assertEquals("Escarp Chrome Slot 0", InfoPlist.strings(bytes(xml)).get("CFBundleName"));
  }

  @Test
  void rewrite_keyWithANonStringValue_replacesTheValueWithAString() {
    String plist = FakeBundles.CFT_PLIST.replace(
        "<key>CFBundleIdentifier</key>\n\t<string>com.google.chrome.for.testing</string>",
        "<key>CFBundleIdentifier</key>\n\t<array><string>odd</string></array>");

    String xml = text(InfoPlist.rewrite(bytes(plist), Map.of("CFBundleIdentifier", "dev.escarp.chrome.slot1")));

    assertEquals("dev.escarp.chrome.slot1", InfoPlist.strings(bytes(xml)).get("CFBundleIdentifier"));
    assertFalse(xml.contains("<array>"), xml);
  }

  @Test
  void rewrite_valueWithMarkup_isEscaped() {
    byte[] rewritten = InfoPlist.rewrite(bytes(FakeBundles.CFT_PLIST), Map.of("CFBundleName", "A <b> & \"c\""));

    assertEquals("A <b> & \"c\"", InfoPlist.strings(rewritten).get("CFBundleName"));
  }

  @Test
  void parse_aBinaryPlist_isRefusedWithAHintToConvertIt() {
    byte[] binary = bytes("bplist00\u00d1\u0001\u0002");

    assertTrue(InfoPlist.isBinary(binary));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InfoPlist.strings(binary));
    assertTrue(e.getMessage().contains("plutil -convert xml1"), e.getMessage());
  }

  @Test
  void parse_somethingThatIsNotAPlist_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> InfoPlist.strings(bytes("<html><body/></html>")));
    assertThrows(IllegalArgumentException.class, () -> InfoPlist.strings(bytes("<plist><array/></plist>")));
    assertThrows(IllegalArgumentException.class, () -> InfoPlist.strings(bytes("not xml")));
  }

  @Test
  void parse_externalDtdAndEntities_areNeitherFetchedNorExpanded() {
    // A DTD on a port nothing listens on: fetching it would fail the parse.
    String plist = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE plist SYSTEM "http://127.0.0.1:1/PropertyList.dtd">
        <plist version="1.0"><dict><key>CFBundleName</key><string>x</string></dict></plist>
        """;

    assertEquals(Map.of("CFBundleName", "x"), InfoPlist.strings(bytes(plist)));
  }
}
