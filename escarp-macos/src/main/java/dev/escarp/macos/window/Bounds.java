package dev.escarp.macos.window;

import java.util.List;

/**
 * A window's frame in global screen points, origin at the top left of the main display: the
 * coordinates both CDP ({@code Browser.getWindowBounds}) and CoreGraphics ({@code
 * kCGWindowBounds}) use, so the two can be compared directly.
 */
public record Bounds(int x, int y, int width, int height) {

  public Bounds {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("width and height must be >= 0, got " + width + "x" + height);
    }
  }

  /** The largest difference of any edge coordinate or size, in points: 0 for identical frames. */
  public int drift(Bounds other) {
    return Math.max(
        Math.max(Math.abs(x - other.x), Math.abs(y - other.y)),
        Math.max(Math.abs(width - other.width), Math.abs(height - other.height)));
  }

  /** escarp 1.x's wire form: {@code [x, y, w, h]}. */
  public List<Integer> toList() {
    return List.of(x, y, width, height);
  }

  public static Bounds fromList(List<Integer> xywh) {
    if (xywh.size() != 4) {
      throw new IllegalArgumentException("bounds need [x, y, w, h], got " + xywh);
    }
    return new Bounds(xywh.get(0), xywh.get(1), xywh.get(2), xywh.get(3));
  }

  @Override
  public String toString() {
    return "[" + x + ", " + y + ", " + width + ", " + height + "]";
  }
}
