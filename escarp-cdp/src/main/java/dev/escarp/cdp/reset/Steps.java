package dev.escarp.cdp.reset;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reset steps are chained futures: each runs on the connection's event loop as soon as the
 * previous answer arrives, so a reset costs one thread hop in and one out, not two per command.
 * A failed step carries a {@link ResetFailedException} naming what was being done.
 */
final class Steps {

  private Steps() {}

  /** {@code command}, failing with "{@code what}: <cause>" as a ResetFailedException. */
  static <T> CompletableFuture<T> step(CompletableFuture<T> command, String what) {
    return command.handle((value, error) -> {
      if (error == null) {
        return value;
      }
      Throwable cause = unwrap(error);
      if (cause instanceof ResetFailedException) {
        throw new CompletionException(cause);
      }
      throw new CompletionException(new ResetFailedException(what + ": " + cause.getMessage(), cause));
    });
  }

  static CompletableFuture<Void> failed(String message) {
    return CompletableFuture.failedFuture(new ResetFailedException(message));
  }

  static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }

  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Waits on the calling (reset) thread; every command in the chain has its own timeout. */
  static void await(CompletableFuture<?> chain) throws ResetFailedException {
    try {
      chain.join();
    } catch (CompletionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof ResetFailedException failed) {
        throw failed;
      }
      throw new ResetFailedException(String.valueOf(cause.getMessage()), cause);
    }
  }
}
