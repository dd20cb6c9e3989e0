package dev.escarp.macos.window.mac;

import dev.escarp.macos.window.Bounds;
import dev.escarp.macos.window.NativeResult;
import dev.escarp.macos.window.WindowInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.byref.DoubleByReference;
import jnr.ffi.byref.LongLongByReference;

/**
 * {@code CGWindowListCopyWindowInfo} through jnr-ffi: the only class of escarp that binds native
 * code for windows, and the only one that must never load off macOS ({@link
 * dev.escarp.macos.Platforms} reaches it only on darwin).
 *
 * <p>Frameworks are loaded by absolute path: since macOS 11 they live only in the dyld shared
 * cache, where {@code dlopen} of the full path finds them but a search of the file system does not.
 * The dictionary keys are created as CFStrings with the same text as CoreGraphics' {@code
 * kCGWindow*} constants (their values are their names), which saves reading data symbols.
 *
 * <p>Untested here: no macOS machine runs this project's CI. The logic that consumes its output is
 * tested with recorded window lists.
 */
final class CoreGraphics implements NativeWindows {

  private static final String CORE_FOUNDATION = "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation";
  private static final String CORE_GRAPHICS = "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics";

  // CGWindowListOption: every window (on screen or not), without desktop elements.
  private static final int LIST_OPTION_ALL = 0;
  private static final int LIST_EXCLUDE_DESKTOP_ELEMENTS = 1 << 4;
  private static final int NULL_WINDOW_ID = 0;

  private static final long NUMBER_SINT64 = 4; // kCFNumberSInt64Type
  private static final long NUMBER_FLOAT64 = 6; // kCFNumberFloat64Type
  private static final int UTF8 = 0x08000100; // kCFStringEncodingUTF8

  /** The CoreFoundation calls used; names must match the C symbols. */
  public interface CoreFoundationLib {
    long CFArrayGetCount(Pointer array);

    Pointer CFArrayGetValueAtIndex(Pointer array, long index);

    Pointer CFDictionaryGetValue(Pointer dictionary, Pointer key);

    byte CFNumberGetValue(Pointer number, long type, LongLongByReference value);

    byte CFNumberGetValue(Pointer number, long type, DoubleByReference value);

    byte CFBooleanGetValue(Pointer bool);

    Pointer CFStringCreateWithCString(Pointer allocator, byte[] cString, int encoding);

    byte CFStringGetCString(Pointer string, byte[] buffer, long bufferSize, int encoding);

    void CFRelease(Pointer object);
  }

  public interface CoreGraphicsLib {
    Pointer CGWindowListCopyWindowInfo(int option, int relativeToWindow);
  }

  private final CoreFoundationLib cf;
  private final CoreGraphicsLib cg;
  private final Keys keys;

  private record Keys(
      Pointer number, Pointer ownerPid, Pointer ownerName, Pointer bounds, Pointer layer, Pointer onScreen,
      Pointer x, Pointer y, Pointer width, Pointer height) {}

  private CoreGraphics(CoreFoundationLib cf, CoreGraphicsLib cg) {
    this.cf = cf;
    this.cg = cg;
    // Created once and kept for the life of the process: a handful of small immutable strings.
    this.keys = new Keys(
        string("kCGWindowNumber"), string("kCGWindowOwnerPID"), string("kCGWindowOwnerName"),
        string("kCGWindowBounds"), string("kCGWindowLayer"), string("kCGWindowIsOnscreen"),
        string("X"), string("Y"), string("Width"), string("Height"));
  }

  /** Loads the frameworks; throws {@link LinkageError} or a runtime exception where they are missing. */
  static CoreGraphics load() {
    CoreFoundationLib cf = LibraryLoader.create(CoreFoundationLib.class).failImmediately().load(CORE_FOUNDATION);
    CoreGraphicsLib cg = LibraryLoader.create(CoreGraphicsLib.class).failImmediately().load(CORE_GRAPHICS);
    return new CoreGraphics(cf, cg);
  }

  @Override
  public NativeResult<List<WindowInfo>> listWindows() {
    Pointer array = cg.CGWindowListCopyWindowInfo(LIST_OPTION_ALL | LIST_EXCLUDE_DESKTOP_ELEMENTS, NULL_WINDOW_ID);
    if (array == null) {
      return NativeResult.failed("CGWindowListCopyWindowInfo returned nothing (is there a window server session?)");
    }
    try {
      long count = cf.CFArrayGetCount(array);
      List<WindowInfo> windows = new ArrayList<>((int) Math.min(count, 4096));
      for (long i = 0; i < count; i++) {
        Pointer dict = cf.CFArrayGetValueAtIndex(array, i);
        Pointer boundsDict = cf.CFDictionaryGetValue(dict, keys.bounds());
        if (boundsDict == null) {
          continue;
        }
        windows.add(new WindowInfo(
            longOf(dict, keys.number()),
            longOf(dict, keys.ownerPid()),
            stringOf(cf.CFDictionaryGetValue(dict, keys.ownerName())),
            new Bounds(
                (int) Math.round(doubleOf(boundsDict, keys.x())), (int) Math.round(doubleOf(boundsDict, keys.y())),
                (int) Math.round(doubleOf(boundsDict, keys.width())), (int) Math.round(doubleOf(boundsDict, keys.height()))),
            (int) longOf(dict, keys.layer()),
            booleanOf(cf.CFDictionaryGetValue(dict, keys.onScreen()))));
      }
      return NativeResult.ok(windows);
    } finally {
      cf.CFRelease(array); // "Copy" in the name: we own the array
    }
  }

  private Pointer string(String text) {
    byte[] bytes = (text + "\0").getBytes(StandardCharsets.UTF_8);
    return cf.CFStringCreateWithCString(null, bytes, UTF8);
  }

  private long longOf(Pointer dict, Pointer key) {
    Pointer number = cf.CFDictionaryGetValue(dict, key);
    LongLongByReference value = new LongLongByReference();
    return number != null && cf.CFNumberGetValue(number, NUMBER_SINT64, value) != 0 ? value.getValue() : -1;
  }

  private double doubleOf(Pointer dict, Pointer key) {
    Pointer number = cf.CFDictionaryGetValue(dict, key);
    DoubleByReference value = new DoubleByReference();
    return number != null && cf.CFNumberGetValue(number, NUMBER_FLOAT64, value) != 0 ? value.getValue() : 0;
  }

  private boolean booleanOf(Pointer bool) {
    // kCGWindowIsOnscreen is absent, not false, for off-screen windows.
    return bool != null && cf.CFBooleanGetValue(bool) != 0;
  }

  private String stringOf(Pointer string) {
    if (string == null) {
      return "";
    }
    byte[] buffer = new byte[1024];
    if (cf.CFStringGetCString(string, buffer, buffer.length, UTF8) == 0) {
      return "";
    }
    int end = 0;
    while (end < buffer.length && buffer[end] != 0) {
      end++;
    }
    return new String(buffer, 0, end, StandardCharsets.UTF_8);
  }
}
