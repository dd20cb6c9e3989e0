package dev.escarp.broker.profiles;

/**
 * An auth profile cannot be used, for a reason a caller acts on. Its message names the profile
 * and what to do, never a cookie or storage value.
 */
public final class ProfileException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why: each maps to one error of the wire contract. */
  public enum Kind {
    /** No profile of that name (404 {@code unknown_profile}). */
    UNKNOWN,
    /** Older than its maximum age (409 {@code profile_expired}). */
    EXPIRED,
    /** Its file does not decrypt: tampered with, or encrypted with another key (409 {@code profile_unreadable}). */
    UNREADABLE,
    /** Not a storageState, or a bad name (400 {@code bad_profile}). */
    BAD,
    /** The browser's state could not be read or written (409 {@code profile_not_loaded}/... ). */
    BROWSER
  }

  private final Kind kind;

  public ProfileException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
