package dev.escarp.macos.window.mac;

import dev.escarp.macos.window.NativeResult;
import dev.escarp.macos.window.WindowInfo;
import java.util.List;

/** The window server's list; {@link CoreGraphics} is the real one, loaded only on darwin. */
interface NativeWindows {

  NativeResult<List<WindowInfo>> listWindows();
}
