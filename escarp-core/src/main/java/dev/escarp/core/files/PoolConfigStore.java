package dev.escarp.core.files;

import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.config.EscarpHome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.files.AtomicFiles;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes {@code $ESCARP_HOME/pool.json}, and applies environment overrides
 * ({@code ESCARP_POOL_SIZE}, {@code ESCARP_CDP_BASE}, {@code ESCARP_CFT_BINARY} /
 * {@code ESCARP_CHROME}).
 *
 * <p>Loading never fails: a missing, corrupt or partial file falls back to defaults field by
 * field, and every bad value is reported by name in {@link LoadedPoolConfig#problems()}.
 */
public final class PoolConfigStore {


  private final Path file;

  public PoolConfigStore(EscarpHome home) {
    this.file = Objects.requireNonNull(home, "home").poolConfigFile();
  }

  public Path file() {
    return file;
  }

  /** pool.json alone, without environment overrides. */
  public LoadedPoolConfig loadFile() {
    List<String> problems = new ArrayList<>();
    PoolConfig config = PoolConfig.defaults();
    JsonNode root;
    try {
      root = JsonTrees.parse(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return new LoadedPoolConfig(config, problems);
    } catch (IOException e) {
      problems.add(file + " is not valid JSON (" + firstLine(e.getMessage()) + "); using defaults");
      return new LoadedPoolConfig(config, problems);
    }
    if (root == null || !root.isObject()) {
      problems.add(file + " does not hold a JSON object; using defaults");
      return new LoadedPoolConfig(config, problems);
    }
    String where = file.getFileName().toString();
    Optional<Integer> size = intField(root, "pool_size", 0, 10_000, where, problems);
    if (size.isPresent()) {
      config = config.withPoolSize(size.get());
    }
    Optional<Integer> base = intField(root, "cdp_base", 1, 65535, where, problems);
    if (base.isPresent()) {
      config = config.withCdpBase(base.get());
    }
    JsonNode tier = root.get("tier");
    if (tier != null && !tier.isNull()) {
      if (tier.isTextual() && isPlainName(tier.asText())) {
        config = config.withTier(tier.asText());
      } else {
        problems.add(where + ": tier must be a plain directory name, got " + tier + "; using "
            + PoolConfig.DEFAULT_TIER);
      }
    }
    JsonNode cua = root.get("cua_apps");
    if (cua != null && !cua.isNull()) {
      if (cua.isBoolean()) {
        config = config.withCuaApps(cua.asBoolean());
      } else {
        problems.add(where + ": cua_apps must be true or false, got " + cua + "; using false");
      }
    }
    JsonNode binary = root.get("cft_binary");
    if (binary != null && !binary.isNull()) {
      if (binary.isTextual() && !binary.asText().isBlank()) {
        config = config.withCftBinary(Optional.of(binary.asText()));
      } else {
        problems.add(where + ": cft_binary must be a path, got " + binary + "; ignoring it");
      }
    }
    config = config.withRemotes(RemoteList.read(root.get("remote"), where, problems));
    return new LoadedPoolConfig(config, problems);
  }

  /** pool.json with the environment's overrides applied on top. */
  public LoadedPoolConfig load(Map<String, String> env) {
    LoadedPoolConfig fromFile = loadFile();
    List<String> problems = new ArrayList<>(fromFile.problems());
    PoolConfig config = fromFile.config();
    Optional<Integer> size = intEnv(env, "ESCARP_POOL_SIZE", 0, 10_000, problems);
    if (size.isPresent()) {
      config = config.withPoolSize(size.get());
    }
    Optional<Integer> base = intEnv(env, "ESCARP_CDP_BASE", 1, 65535, problems);
    if (base.isPresent()) {
      config = config.withCdpBase(base.get());
    }
    for (String name : List.of("ESCARP_CHROME", "ESCARP_CFT_BINARY")) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        config = config.withCftBinary(Optional.of(value));
        break;
      }
    }
    return new LoadedPoolConfig(config, problems);
  }

  /** Writes pool.json atomically (temp file + rename), so no reader ever sees half a file. */
  public void save(PoolConfig config) {
    ObjectNode root = JsonTrees.object();
    root.put("pool_size", config.poolSize());
    root.put("cdp_base", config.cdpBase());
    root.put("tier", config.tier());
    root.put("cua_apps", config.cuaApps());
    config.cftBinary().ifPresentOrElse(b -> root.put("cft_binary", b), () -> root.putNull("cft_binary"));
    if (!config.remotes().isEmpty()) {
      root.set("remote", RemoteList.write(config.remotes()));
    }
    try {
      AtomicFiles.write(file, JsonTrees.prettyBytes(root));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Integer> intField(
      JsonNode root, String name, int min, int max, String where, List<String> problems) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= min && node.asInt() <= max) {
      return Optional.of(node.asInt());
    }
    problems.add(where + ": " + name + " must be an integer in " + min + ".." + max + ", got " + node
        + "; using the default");
    return Optional.empty();
  }

  private static Optional<Integer> intEnv(
      Map<String, String> env, String name, int min, int max, List<String> problems) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= min && value <= max) {
        return Optional.of(value);
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    problems.add(name + " must be an integer in " + min + ".." + max + ", got '" + raw + "'; ignoring it");
    return Optional.empty();
  }

  private static boolean isPlainName(String s) {
    return !s.isBlank() && !s.contains("/") && !s.contains("..");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
