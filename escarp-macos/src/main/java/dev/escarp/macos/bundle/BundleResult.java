package dev.escarp.macos.bundle;

import java.util.List;
import java.util.Objects;

/** What {@link CuaAppBundles#create} came to: a ready bundle, or why there is none. */
public sealed interface BundleResult permits BundleResult.Created, BundleResult.Failed {

  int slot();

  /** How the bundle's files were made. */
  enum CopyMethod {
    /** {@code cp -c}: APFS {@code clonefile(2)}, copy-on-write, nearly free on disk. */
    CLONE,
    /** A plain recursive copy: the file system offers no clones (or {@code cp -c} failed). */
    COPY
  }

  /**
   * The bundle is in place and its browser can be launched from {@link CuaAppIdentity#executable()}.
   *
   * @param signed whether {@code codesign} re-signed it ad hoc; false only where there is no codesign
   * @param notes what a person may want to know (fallbacks taken, tools missing)
   */
  record Created(CuaAppIdentity identity, CopyMethod method, boolean signed, List<String> notes)
      implements BundleResult {
    public Created {
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(method, "method");
      notes = List.copyOf(notes);
    }

    @Override
    public int slot() {
      return identity.slot();
    }
  }

  /** Nothing was left behind: a half-made bundle is removed again. */
  record Failed(int slot, String reason) implements BundleResult {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
