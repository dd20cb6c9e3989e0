package dev.escarp.broker.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.broker.profiles.AuthProfiles;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** {@code GET /profiles}: every auth profile's origins, cookie count and times; never a value. */
final class ProfilesRoute implements Route {

  private final AuthProfiles profiles;
  private final Executor blocking;

  ProfilesRoute(AuthProfiles profiles, Executor blocking) {
    this.profiles = profiles;
    this.blocking = blocking;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    return CompletableFuture.supplyAsync(() -> {
      ObjectNode root = JsonTrees.object();
      ArrayNode rows = root.putArray("profiles");
      try {
        for (AuthProfiles.Summary s : profiles.list()) {
          rows.add(summary(s));
        }
      } catch (IOException e) {
        throw new CompletionException(new ApiException(409, "profile_unreadable",
            "cannot list the auth profiles: " + e.getMessage()));
      }
      return ApiResponse.ok(root);
    }, blocking);
  }

  static ObjectNode summary(AuthProfiles.Summary s) {
    ObjectNode n = JsonTrees.object();
    n.put("name", s.name());
    ArrayNode origins = n.putArray("origins");
    s.origins().forEach(origins::add);
    n.put("cookies", s.cookies());
    time(n, "saved_at", s.savedAt());
    time(n, "expires_at", s.expiresAt());
    n.put("in_use", s.inUse());
    n.put("waiting", s.waiting());
    s.problem().ifPresent(p -> n.put("problem", p));
    return n;
  }

  private static void time(ObjectNode n, String field, Optional<Instant> at) {
    if (at.isPresent()) {
      n.set(field, JsonTrees.epochSeconds(at.get()));
    } else {
      n.putNull(field);
    }
  }
}
