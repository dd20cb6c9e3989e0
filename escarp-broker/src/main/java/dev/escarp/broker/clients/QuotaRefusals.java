package dev.escarp.broker.clients;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.http.ApiException;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.lease.AcquireResult;

/** The answer to an acquire over a quota: 429 {@code quota_exceeded}, with {@code Retry-After}. */
public final class QuotaRefusals {

  private QuotaRefusals() {
  }

  public static ApiException of(AcquireResult.QuotaExceeded over) {
    long retryAfter = Math.max(1, (long) Math.ceil(over.retryAfter().toMillis() / 1000.0));
    String who = over.client().map(c -> "client '" + c + "'").orElse("this caller");
    String message = switch (over.limit()) {
      case "leases" -> who + " holds its most leases (" + over.max() + "); release one, or retry in "
          + retryAfter + " s";
      case "waiting" -> who + " has its most acquires waiting (" + over.max() + "); retry when one is served";
      default -> "the daemon has its most acquires waiting (" + over.max() + "); retry shortly";
    };
    ObjectNode extra = JsonTrees.object();
    extra.put("limit", over.limit());
    extra.put("max", over.max());
    over.client().ifPresent(c -> extra.put("client", c));
    extra.put("retry_after_s", retryAfter);
    return new ApiException(429, "quota_exceeded", message, extra).withHeader("Retry-After", Long.toString(retryAfter));
  }
}
