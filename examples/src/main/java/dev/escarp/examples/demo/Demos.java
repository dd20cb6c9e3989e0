package dev.escarp.examples.demo;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code examples/demo <name> [args]}: runs one demo. Each prints what it does, with timestamps,
 * and exits 0 only when its claim held (1 when it did not, 2 on a usage error).
 */
public final class Demos {

  /** A demo: prints to stdout, returns the exit status. */
  @FunctionalInterface
  interface Demo {
    int run(String[] args) throws Exception;
  }

  /** Every demo by the name the script takes, in the order the README shows them. */
  static Map<String, Demo> all() {
    Map<String, Demo> all = new LinkedHashMap<>();
    all.put("lockstep", LockstepDemo::run);
    all.put("reset-on-release", ResetOnReleaseDemo::run);
    all.put("no-clobber", NoClobberDemo::run);
    all.put("killed-holder", KilledHolderDemo::run);
    return all;
  }

  private Demos() {}

  public static void main(String[] args) throws Exception {
    Map<String, Demo> all = all();
    Demo demo = args.length == 0 ? null : all.get(args[0]);
    if (demo == null) {
      System.err.println("usage: examples/demo <" + String.join("|", all.keySet()) + "> [args]");
      System.exit(2);
    }
    System.exit(demo.run(Arrays.copyOfRange(args, 1, args.length)));
  }

  static int intArg(String[] args, int index, int fallback, int min, int max) {
    if (args.length <= index) {
      return fallback;
    }
    int value = Integer.parseInt(args[index]);
    if (value < min || value > max) {
      throw new IllegalArgumentException("argument " + (index + 1) + " must be in " + min + ".." + max + ", got " + value);
    }
    return value;
  }
}
