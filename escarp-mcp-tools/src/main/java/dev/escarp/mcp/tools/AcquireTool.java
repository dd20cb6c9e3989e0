package dev.escarp.mcp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.core.lease.LeaseIdentity;
import dev.escarp.mcp.lease.HeldLease;
import dev.escarp.mcp.lease.Refusal;
import dev.escarp.mcp.session.SessionAcquire;
import dev.escarp.mcp.session.SessionLease;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** {@code escarp_acquire}: lease a browser for this session (one at a time). */
public final class AcquireTool {

  public static final String NAME = "escarp_acquire";

  private final SessionLookup sessions;
  private final HolderNames holders;
  private final Duration maxWait;

  /**
   * @param maxWait the longest {@code wait_s} honoured: below the client's request timeout (the
   *     SDK's default is 20 s), or the client gives up on a call that is still waiting
   */
  public AcquireTool(SessionLease session, HolderNames holders, Duration maxWait) {
    this(SessionLookup.single(session), holders, maxWait);
  }

  public AcquireTool(SessionLookup sessions, HolderNames holders, Duration maxWait) {
    this.sessions = sessions;
    this.holders = holders;
    this.maxWait = maxWait;
  }

  public McpServerFeatures.SyncToolSpecification specification() {
    long cap = maxWait.toSeconds();
    McpSchema.Tool tool = McpSchema.Tool.builder(NAME, inputSchema(cap))
        .title("Lease a browser")
        .description("Lease a persistent Chromium browser from the escarp pool for this session and get its "
            + "DevTools (CDP) endpoint, its dev ports and its identity. One lease per session: a second call "
            + "returns the lease already held (already_holding). The lease is kept alive automatically and "
            + "released when the session ends; call escarp_release when done so others can use it. When every "
            + "browser is taken the result is an error with retry advice; pass wait_s (at most " + cap + " s) "
            + "to wait for one. Pass profile to start logged in with a saved auth profile (its cookies and "
            + "localStorage; one session at a time holds a profile); the result's reset_policy says what the next "
            + "holder inherits (tabs: cookies and storage stay; clean: wiped).")
        .outputSchema(outputSchema())
        .build();
    return McpServerFeatures.SyncToolSpecification.builder().tool(tool)
        .callHandler((exchange, request) -> sessions.forSession(exchange.sessionId())
            .map(session -> call(session, clientName(exchange), exchange.sessionId(), request.arguments()))
            .orElseGet(ToolResults::sessionEnded))
        .build();
  }

  /** For tests: a call on the session every id maps to. */
  McpSchema.CallToolResult call(Optional<String> clientName, Map<String, Object> arguments) {
    return call(sessions.forSession("").orElseThrow(), clientName, "", arguments);
  }

  McpSchema.CallToolResult call(SessionLease session, Optional<String> clientName, String sessionId,
      Map<String, Object> arguments) {
    AcquireRequest request;
    Optional<String> waitNote = Optional.empty();
    try {
      Arguments args = new Arguments(arguments);
      String holder = args.text("holder").orElseGet(() -> holders.forClient(clientName, sessionId));
      OptionalInt slot = args.integer("slot", 0, AcquireRequest.MAX_SLOT);
      OptionalInt devPort = args.integer("dev_port", AcquireRequest.MIN_DEV_PORT, AcquireRequest.MAX_DEV_PORT);
      OptionalDouble waitS = args.number("wait_s", 0);
      Duration wait = AcquireRequest.waitOfSeconds(waitS.orElse(0));
      if (wait.compareTo(maxWait) > 0) {
        waitNote = Optional.of("wait_s was capped at " + maxWait.toSeconds() + " s so the call returns before the "
            + "client's request timeout; call again to keep waiting.");
        wait = maxWait;
      }
      request = new AcquireRequest(holder, slot, devPort, Optional.of(wait).filter(w -> !w.isZero()));
      Optional<String> profile = args.text("profile");
      Optional<String> resetPolicy = args.text("reset_policy");
      if (profile.isPresent()) {
        request = request.withIdentity(new LeaseIdentity(LeaseIdentity.Tier.DELEGATED, profile,
            resetPolicy.orElse(LeaseIdentity.CLEAN)));
      } else if (resetPolicy.isPresent()) {
        request = request.withIdentity(LeaseIdentity.autonomous(resetPolicy.get()));
      }
    } catch (IllegalArgumentException e) {
      return ToolResults.error(Refusal.of("bad_argument", e.getMessage()), session.takeUnreportedLoss());
    }
    SessionAcquire outcome = session.acquire(request);
    if (outcome instanceof SessionAcquire.Refused refused) {
      Refusal refusal = refused.refusal();
      if (waitNote.isPresent()) {
        refusal = new Refusal(refusal.error(), refusal.message() + " (" + waitNote.get() + ")",
            refusal.retryAfterSeconds());
      }
      return ToolResults.error(refusal, session.takeUnreportedLoss());
    }
    boolean already = outcome instanceof SessionAcquire.AlreadyHolding;
    HeldLease lease = already ? ((SessionAcquire.AlreadyHolding) outcome).lease()
        : ((SessionAcquire.Acquired) outcome).lease();
    ObjectNode view = leaseView(session, lease, already, waitNote);
    ToolResults.putLoss(view, session.takeUnreportedLoss());
    return ToolResults.ok(view);
  }

  private ObjectNode leaseView(SessionLease session, HeldLease lease, boolean already, Optional<String> waitNote) {
    ObjectNode record = lease.record();
    ObjectNode view = ToolResults.JSON.createObjectNode();
    for (String field : Schemas.slotProperties().keySet()) {
      JsonNode value = record.get(field);
      view.set(field, value == null ? view.nullNode() : value);
    }
    int port = record.path("cdp_port").asInt();
    // A daemon names the lease's own relayed endpoint; without one (or escarp 1.x) it is the browser's.
    boolean relayed = record.path("cdp_http_url").asText("").contains("/cdp/");
    String httpUrl = relayed ? record.path("cdp_http_url").asText() : "http://127.0.0.1:" + port;
    view.put("cdp_http_url", httpUrl);
    Optional<Duration> beat = lease.heartbeatInterval();
    if (beat.isPresent()) {
      view.put("auto_heartbeat_interval_s", beat.get().toMillis() / 1000.0);
    } else {
      view.putNull("auto_heartbeat_interval_s");
    }
    view.put("mode", session.backend().mode());
    view.put("already_holding", already);

    List<String> notes = new ArrayList<>();
    if (already) {
      notes.add("This session already holds slot " + lease.slot() + " (one lease per session); call escarp_release "
          + "first to get a different one.");
    }
    notes.add("Drive it over CDP: Playwright chromium.connectOverCDP('" + httpUrl + "'); chrome-devtools-mcp "
        + "--wsEndpoint=<cdp_ws_url>; Puppeteer connect({browserWSEndpoint: cdp_ws_url}).");
    if (relayed) {
      notes.add("These endpoints belong to this lease: they stop working, and open connections on them are "
          + "closed, when the lease ends (release, expiry or the end of this session). Acquire again for new ones.");
    }
    JsonNode dev = record.path("dev_ports");
    notes.add("Run your dev servers on the slot's ports (frontend " + dev.path("frontend").asInt() + ", backend "
        + dev.path("backend").asInt() + ", postgres " + dev.path("postgres").asInt() + ") so parallel agents never "
        + "collide.");
    notes.add("The browser is shared between leases: work in your own tabs; on release every tab is closed and a "
        + "blank one opened.");
    if (beat.isPresent()) {
      notes.add("This session heartbeats the lease every " + Math.round(beat.get().toMillis() / 1000.0)
          + " s and releases it when it ends; call escarp_release when done.");
    } else {
      notes.add("No escarp daemon runs, so this session holds the slot's lock itself: the lease has no expiry "
          + "(expires_at is null) and lasts until escarp_release or the end of this session.");
    }
    waitNote.ifPresent(notes::add);
    ArrayNode array = view.putArray("notes");
    notes.forEach(array::add);
    return view;
  }

  private static Optional<String> clientName(McpSyncServerExchange exchange) {
    return Optional.ofNullable(exchange.getClientInfo()).map(McpSchema.Implementation::name);
  }

  static Map<String, Object> inputSchema(long maxWaitSeconds) {
    Map<String, Object> p = new LinkedHashMap<>();
    // Bounds are AcquireRequest's, the limits the daemon and the CLI apply too.
    p.put("holder", Schemas.with(Schemas.field("who holds the lease, as escarp status shows it (default: the MCP "
        + "client's name and this shim's pid)", "string"), "maxLength", AcquireRequest.MAX_HOLDER_LENGTH));
    p.put("slot", Schemas.range(Schemas.field("a specific slot (default: the lowest free one)", "integer"),
        0, AcquireRequest.MAX_SLOT));
    p.put("dev_port", Schemas.range(Schemas.field("the port your dev server listens on, recorded with the lease",
        "integer"), AcquireRequest.MIN_DEV_PORT, AcquireRequest.MAX_DEV_PORT));
    p.put("wait_s", Schemas.range(Schemas.field("seconds to wait for a free browser (default 0: answer at "
        + "once); capped at " + maxWaitSeconds + " s", "number"), 0, AcquireRequest.MAX_WAIT_SECONDS));
    p.put("profile", Schemas.field("an auth profile to start logged in with (see escarp profile list); the browser "
        + "is wiped and loaded with it, and wiped again at release", "string"));
    p.put("reset_policy", Schemas.with(Schemas.field("how the browser is reset when this lease ends (default: the "
        + "pool's; always clean with a profile)", "string"), "enum", List.of("tabs", "clean")));
    return Schemas.object(p, List.of());
  }

  static Map<String, Object> outputSchema() {
    Map<String, Object> p = new LinkedHashMap<>(Schemas.slotProperties());
    p.put("cdp_http_url", Schemas.field("the DevTools HTTP endpoint: give it to connectOverCDP or --browser-url",
        "string"));
    p.put("auto_heartbeat_interval_s", Schemas.field("how often this session heartbeats the lease (TTL/3); "
        + "null when the lease cannot expire", "number", "null"));
    p.put("mode", Schemas.field("daemon: leased from the escarp daemon; embedded: claimed directly, no daemon",
        "string"));
    p.put("already_holding", Schemas.field("true when this session already held this lease", "boolean"));
    p.put("notes", Schemas.notes());
    p.put("lease_lost", Schemas.lostLease());
    return Schemas.object(p, List.of("slot", "cdp_port", "cdp_ws_url", "cdp_http_url", "expires_at",
        "auto_heartbeat_interval_s", "dev_ports", "mode", "already_holding", "notes"));
  }
}
