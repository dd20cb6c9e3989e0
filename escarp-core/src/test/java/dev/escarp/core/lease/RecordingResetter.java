package dev.escarp.core.lease;

import dev.escarp.core.reset.SlotResetter;
import dev.escarp.core.slot.Slot;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A resetter that records what it reset, can be held mid-reset, and can be told to fail. */
final class RecordingResetter implements SlotResetter {

  final List<Integer> resets = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile boolean fail;

  /** Subsequent resets block until {@link #open()}. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void open() {
    gate.countDown();
  }

  void failFromNowOn() {
    fail = true;
  }

  @Override
  public void reset(Slot slot) throws Exception {
    if (!gate.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("test never opened the reset gate");
    }
    resets.add(slot.index());
    if (fail) {
      throw new IllegalStateException("browser did not answer");
    }
  }
}
