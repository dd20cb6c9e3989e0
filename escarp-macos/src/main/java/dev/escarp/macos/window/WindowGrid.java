package dev.escarp.macos.window;

/**
 * Where calibration puts each slot's window: a frame no other slot gets, so that the frame alone
 * tells the slots' windows apart in the OS window list. Windows cascade by {@code step} points
 * along a diagonal of {@code cascade} positions; each further round of the cascade shrinks the
 * window by {@code step}, so frames never repeat. The default keeps every frame inside a 1280x800 screen, below the menu bar.
 */
public record WindowGrid(Bounds origin, int step, int cascade) {

  public static final WindowGrid DEFAULT = new WindowGrid(new Bounds(40, 40, 1024, 560), 24, 8);

  public WindowGrid {
    if (step < 1 || cascade < 1) {
      throw new IllegalArgumentException("step and cascade must be >= 1, got " + step + ", " + cascade);
    }
  }

  public Bounds boundsFor(int slot) {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, got " + slot);
    }
    int position = slot % cascade;
    int round = slot / cascade;
    int width = origin.width() - round * step;
    int height = origin.height() - round * step;
    if (width < 200 || height < 200) {
      throw new IllegalArgumentException("slot " + slot + " is past what the window grid can tell apart");
    }
    return new Bounds(origin.x() + position * step, origin.y() + position * step, width, height);
  }
}
