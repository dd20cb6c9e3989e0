package dev.escarp.broker.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One wrk run against the daemon (10 s), with its throughput and latency percentiles. */
record Wrk(String requestsPerSecond, String p50, String p99) {

  static Wrk run(int port, String path, String body, int connections, int threads) throws IOException, InterruptedException {
    Path script = Files.createTempFile("escarp-wrk-", ".lua");
    String lua = body == null ? "" : "wrk.method = \"POST\"\nwrk.body = '" + body + "'\n"
        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n";
    Files.writeString(script, lua);
    Process p = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d10s", "--latency", "-s", script.toString(),
        "http://127.0.0.1:" + port + path).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    Files.delete(script);
    if (out.contains("Non-2xx")) {
      throw new IllegalStateException("wrk saw errors:\n" + out);
    }
    String rps = out.lines().filter(l -> l.startsWith("Requests/sec:")).findFirst().orElseThrow(
        () -> new IllegalStateException("wrk said:\n" + out)).split(":")[1].trim();
    return new Wrk(String.format(Locale.ROOT, "%,.0f", Double.parseDouble(rps)), percentile(out, "50%"), percentile(out, "99%"));
  }

  private static String percentile(String wrkOutput, String which) {
    return wrkOutput.lines().map(String::trim).filter(l -> l.startsWith(which)).findFirst()
        .map(l -> l.split("\\s+")[1]).orElse("?");
  }
}
