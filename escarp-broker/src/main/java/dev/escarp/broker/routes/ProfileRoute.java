package dev.escarp.broker.routes;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.broker.profiles.AuthProfiles;
import dev.escarp.broker.profiles.ProfileException;
import dev.escarp.broker.profiles.StoredProfile;
import dev.escarp.cdp.storage.StorageState;
import dev.escarp.core.json.JsonTrees;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code PUT /profiles/<name>} (a Playwright storageState, optional {@code max_age_s}), {@code
 * GET /profiles/<name>/state} (the export) and {@code DELETE /profiles/<name>}.
 */
final class ProfileRoute implements Route {

  static final String PREFIX = "/profiles/";

  private final AuthProfiles profiles;
  private final Executor blocking;

  ProfileRoute(AuthProfiles profiles, Executor blocking) {
    this.profiles = profiles;
    this.blocking = blocking;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    String rest = request.path().substring(PREFIX.length());
    boolean state = rest.endsWith("/state");
    String name = state ? rest.substring(0, rest.length() - "/state".length()) : rest;
    String method = request.method();
    if (state && method.equals("GET")) {
      return run(() -> ApiResponse.ok(profiles.state(name).toJson()));
    }
    if (!state && method.equals("PUT")) {
      RequestBody body = RequestBody.parse(request.body());
      Optional<Duration> maxAge = body.optionalPositiveSeconds("max_age_s");
      StorageState parsed;
      try {
        parsed = StorageState.fromJson(body.root());
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "bad_profile", "not a Playwright storageState: " + e.getMessage());
      }
      return run(() -> metadata(profiles.put(name, parsed, maxAge)));
    }
    if (!state && method.equals("DELETE")) {
      return run(() -> {
        if (profiles.inUse(name)) {
          throw ProfileErrors.inUse(name);
        }
        profiles.delete(name);
        return ApiResponse.ok(JsonTrees.object().put("deleted", true).put("name", name));
      });
    }
    if (rest.isEmpty() || rest.indexOf('/') >= 0 && !state) {
      throw new ApiException(404, "not_found", "no route " + request.path());
    }
    throw new ApiException(405, "method_not_allowed", method + " is not allowed on " + request.path()
        + "; use " + (state ? "GET" : "PUT or DELETE"));
  }

  private ApiResponse metadata(StoredProfile p) {
    var n = ProfilesRoute.summary(new AuthProfiles.Summary(p.name(), List.copyOf(p.state().originNames()),
        p.state().cookies().size(), Optional.of(p.savedAt()), p.expiresAt(), profiles.inUse(p.name()),
        profiles.waiting(p.name()), Optional.empty()));
    if (p.maxAge().isPresent()) {
      n.put("max_age_s", p.maxAge().get().toMillis() / 1000.0);
    } else {
      n.putNull("max_age_s");
    }
    return ApiResponse.ok(n);
  }

  private CompletableFuture<ApiResponse> run(ProfileErrors.ProfileWork<ApiResponse> work) {
    return CompletableFuture.supplyAsync(() -> ProfileErrors.call(work), blocking);
  }
}
