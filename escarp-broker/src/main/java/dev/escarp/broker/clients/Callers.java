package dev.escarp.broker.clients;

import dev.escarp.core.clients.ClientAccount;
import dev.escarp.core.clients.ClientsFile;
import dev.escarp.core.lease.AdmissionLimits;
import dev.escarp.core.time.Scheduler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Who may call the API, and what each caller may hold. Without {@code clients.json} and without
 * {@code ESCARP_API_TOKEN} anyone on loopback may (escarp 1.x); with the API token, its bearer is
 * the operator, bound by no quota; with client tokens, each bearer is a client, bound by its
 * quotas ({@link AdmissionLimits}, applied by the lease table). The file is re-read when it
 * changes ({@link #refreshEvery}), off the event loops; a file gone bad keeps the last good one.
 */
public final class Callers implements AdmissionLimits {

  /** The cap on all waiting acquires when neither the file nor the environment sets one. */
  public static final int DEFAULT_MAX_WAITING_TOTAL = 1000;

  private static final System.Logger LOG = System.getLogger(Callers.class.getName());

  /** A caller the API let in: a client, or (empty) the operator or anyone on an open daemon. */
  public record Caller(Optional<String> client) {
  }

  private record Loaded(ClientsFile file, long modifiedNanos) {
  }

  private final Optional<String> apiToken;
  private final Optional<String> apiTokenSha256;
  private final Optional<Path> file;
  private final OptionalInt maxWaitingOverride;
  private volatile Loaded loaded;
  private volatile boolean stopped;

  private Callers(Optional<String> apiToken, Optional<Path> file, OptionalInt maxWaitingOverride, Loaded loaded) {
    this.apiToken = apiToken;
    this.apiTokenSha256 = apiToken.map(ClientAccount::sha256);
    this.file = file;
    this.maxWaitingOverride = maxWaitingOverride;
    this.loaded = loaded;
  }

  /** Only the API token, if any: no clients, the default cap on waiters. */
  public static Callers apiTokenOnly(Optional<String> apiToken) {
    return new Callers(apiToken, Optional.empty(), OptionalInt.empty(), new Loaded(ClientsFile.empty(), -1));
  }

  /**
   * The API token and the clients of this file (when it exists).
   *
   * @param maxWaitingTotal {@code ESCARP_MAX_WAITERS}: overrides the file's cap on all waiters
   * @throws IOException a file that others may read, or that is not a clients file: the daemon
   *     must not start on an access list it cannot trust
   */
  public static Callers load(Optional<String> apiToken, Path file, OptionalInt maxWaitingTotal) throws IOException {
    return new Callers(apiToken, Optional.of(file), maxWaitingTotal, read(file));
  }

  /**
   * As {@link #load}, with the cap on all waiters from {@code ESCARP_MAX_WAITERS} when set.
   *
   * @throws IllegalArgumentException a bad {@code ESCARP_MAX_WAITERS}, naming it
   */
  public static Callers fromEnvironment(Optional<String> apiToken, Path file, Map<String, String> env)
      throws IOException {
    String raw = env.get("ESCARP_MAX_WAITERS");
    OptionalInt cap = OptionalInt.empty();
    if (raw != null && !raw.isBlank()) {
      try {
        cap = OptionalInt.of(Integer.parseInt(raw.trim()));
      } catch (NumberFormatException e) {
        cap = OptionalInt.of(-1);
      }
      if (cap.getAsInt() < 0) {
        throw new IllegalArgumentException("ESCARP_MAX_WAITERS must be a whole number >= 0, got '" + raw + "'");
      }
    }
    return load(apiToken, file, cap);
  }

  /** The operator's {@code ESCARP_API_TOKEN}: the one the web console logs in with. */
  public Optional<String> apiToken() {
    return apiToken;
  }

  /** Whether a request must carry a bearer token. */
  public boolean tokenRequired() {
    return apiTokenSha256.isPresent() || !loaded.file().clients().isEmpty();
  }

  public boolean hasClients() {
    return !loaded.file().clients().isEmpty();
  }

  /** The caller this {@code Authorization} header names, or empty when it names none it knows. */
  public Optional<Caller> authenticate(Optional<String> authorization) {
    if (!tokenRequired()) {
      return Optional.of(new Caller(Optional.empty()));
    }
    String value = authorization.orElse("").trim();
    if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    byte[] presented = ClientAccount.sha256(value.substring(7).trim()).getBytes(StandardCharsets.US_ASCII);
    if (apiTokenSha256.isPresent()
        && MessageDigest.isEqual(apiTokenSha256.get().getBytes(StandardCharsets.US_ASCII), presented)) {
      return Optional.of(new Caller(Optional.empty()));
    }
    for (ClientAccount c : loaded.file().clients()) {
      if (MessageDigest.isEqual(c.tokenSha256().getBytes(StandardCharsets.US_ASCII), presented)) {
        return Optional.of(new Caller(Optional.of(c.name())));
      }
    }
    return Optional.empty();
  }

  /** What a refused caller is told to send. */
  public String howToAuthenticate() {
    return hasClients()
        ? "this daemon requires 'Authorization: Bearer <token>': a client token (escarp client add) or ESCARP_API_TOKEN"
        : "this daemon requires 'Authorization: Bearer <ESCARP_API_TOKEN>'";
  }

  public List<ClientAccount> accounts() {
    return loaded.file().clients();
  }

  @Override
  public OptionalInt maxLeases(String client) {
    return loaded.file().named(client).map(ClientAccount::maxLeases).orElse(OptionalInt.empty());
  }

  @Override
  public OptionalInt maxWaiting(String client) {
    return loaded.file().named(client).map(ClientAccount::maxWaiting).orElse(OptionalInt.empty());
  }

  @Override
  public OptionalInt maxWaitingTotal() {
    if (maxWaitingOverride.isPresent()) {
      return maxWaitingOverride;
    }
    OptionalInt fromFile = loaded.file().maxWaitingTotal();
    return fromFile.isPresent() ? fromFile : OptionalInt.of(DEFAULT_MAX_WAITING_TOTAL);
  }

  /** Re-reads the file when it changed; a bad file is logged and the last good one kept. Blocking. */
  public void refresh() {
    if (file.isEmpty()) {
      return;
    }
    try {
      long modified = modified(file.get());
      if (modified != loaded.modifiedNanos()) {
        loaded = read(file.get());
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "kept the previous clients: " + e.getMessage());
    }
  }

  /** Checks the file for changes every {@code period}, on {@code io}, until {@link #stop}. */
  public void refreshEvery(Duration period, Scheduler scheduler, Executor io) {
    scheduler.schedule(() -> {
      if (stopped) {
        return;
      }
      try {
        io.execute(() -> {
          refresh();
          refreshEvery(period, scheduler, io);
        });
      } catch (RejectedExecutionException e) {
        // the daemon is stopping
      }
    }, period.toNanos());
  }

  public void stop() {
    stopped = true;
  }

  private static Loaded read(Path file) throws IOException {
    long modified = modified(file);
    return new Loaded(ClientsFile.read(file).orElse(ClientsFile.empty()), modified);
  }

  private static long modified(Path file) throws IOException {
    try {
      return Files.getLastModifiedTime(file).to(java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (NoSuchFileException e) {
      return -1;
    }
  }
}
