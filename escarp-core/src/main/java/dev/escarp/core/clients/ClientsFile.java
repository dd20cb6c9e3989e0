package dev.escarp.core.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.files.AtomicFiles;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code $ESCARP_HOME/clients.json}: the clients of a shared daemon and a cap on all waiting
 * acquires. It holds token hashes only, yet it is the daemon's access list: it must be the
 * owner's alone (mode 0600), or it is refused, as ssh refuses a readable key.
 *
 * <pre>{"max_waiting_total": 64,
 *  "clients": [{"name": "ci", "token_sha256": "…", "max_leases": 4, "max_waiting": 8}]}</pre>
 */
public record ClientsFile(List<ClientAccount> clients, OptionalInt maxWaitingTotal) {

  private static final Set<PosixFilePermission> OTHERS = Set.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  public ClientsFile {
    clients = List.copyOf(clients);
    long names = clients.stream().map(ClientAccount::name).distinct().count();
    if (names != clients.size()) {
      throw new IllegalArgumentException("clients.json names a client twice");
    }
  }

  public static ClientsFile empty() {
    return new ClientsFile(List.of(), OptionalInt.empty());
  }

  /**
   * The file, or empty when there is none.
   *
   * @throws IOException when it cannot be read, others may read or write it, or it is not a
   *     clients file (the message says which)
   */
  public static Optional<ClientsFile> read(Path file) throws IOException {
    byte[] bytes;
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.stream().anyMatch(OTHERS::contains)) {
        throw new IOException(file + " may be read or written by others; run: chmod 600 " + file);
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(JsonTrees.parseRejectingDuplicates(bytes)));
    } catch (IllegalArgumentException | IOException e) {
      throw new IOException(file + " is not a clients file: " + e.getMessage(), e);
    }
  }

  /** Writes the file, mode 0600, replacing it atomically. */
  public void write(Path file) throws IOException {
    ObjectNode root = JsonTrees.object();
    maxWaitingTotal.ifPresent(n -> root.put("max_waiting_total", n));
    ArrayNode list = root.putArray("clients");
    for (ClientAccount c : clients) {
      ObjectNode n = list.addObject();
      n.put("name", c.name());
      n.put("token_sha256", c.tokenSha256());
      c.maxLeases().ifPresent(v -> n.put("max_leases", v));
      c.maxWaiting().ifPresent(v -> n.put("max_waiting", v));
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicFiles.replace(file, JsonTrees.prettyBytes(root));
  }

  public Optional<ClientAccount> named(String name) {
    return clients.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** This file with the account added, or replacing the one of its name. */
  public ClientsFile with(ClientAccount account) {
    List<ClientAccount> next = new ArrayList<>(without(account.name()).clients);
    next.add(account);
    return new ClientsFile(next, maxWaitingTotal);
  }

  public ClientsFile without(String name) {
    return new ClientsFile(clients.stream().filter(c -> !c.name().equals(name)).toList(), maxWaitingTotal);
  }

  /** A new bearer token: 32 random bytes, URL-safe base64. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static ClientsFile parse(JsonNode root) {
    if (!root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode list = root.path("clients");
    if (!list.isArray()) {
      throw new IllegalArgumentException("no 'clients' array");
    }
    List<ClientAccount> clients = new ArrayList<>();
    for (JsonNode n : list) {
      clients.add(new ClientAccount(text(n, "name"), text(n, "token_sha256"), count(n, "max_leases"),
          count(n, "max_waiting")));
    }
    return new ClientsFile(clients, count(root, "max_waiting_total"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("a client without a string '" + field + "'");
    }
    return v.asText();
  }

  private static OptionalInt count(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return OptionalInt.empty();
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
      throw new IllegalArgumentException("'" + field + "' must be a whole number >= 0");
    }
    return OptionalInt.of(v.asInt());
  }
}
