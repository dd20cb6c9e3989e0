package dev.escarp.cdp.reset;

/** A reset could not be done, or its result did not verify. The slot must not be handed out. */
public final class ResetFailedException extends Exception {

  private static final long serialVersionUID = 1L;

  public ResetFailedException(String message) {
    super(message);
  }

  public ResetFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
