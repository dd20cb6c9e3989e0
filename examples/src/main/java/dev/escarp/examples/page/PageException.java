package dev.escarp.examples.page;

/** A page step that did not work: the navigation failed, the script threw, the element is missing, time ran out. */
public final class PageException extends RuntimeException {

  public PageException(String message) {
    super(message);
  }

  public PageException(String message, Throwable cause) {
    super(message, cause);
  }
}
