package dev.escarp.broker.mcp;

import dev.escarp.mcp.session.SessionLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The daemon's MCP sessions and the rules that end them: a session whose event stream has been
 * gone longer than the grace (its client died or dropped it), or that has had neither a stream
 * nor a request for the idle limit (a client that never opens a stream and went quiet). Time is
 * a monotonic nanosecond source, injected.
 */
final class McpSessions {

  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final LongSupplier nanos;
  private final long graceNanos;
  private final long idleNanos;

  McpSessions(LongSupplier nanos, Duration streamGrace, Duration idleLimit) {
    this.nanos = nanos;
    this.graceNanos = streamGrace.toNanos();
    this.idleNanos = idleLimit.toNanos();
  }

  void opened(String id, SessionLease lease) {
    sessions.put(id, new Entry(lease, nanos.getAsLong()));
  }

  Optional<SessionLease> lease(String id) {
    return Optional.ofNullable(sessions.get(id)).map(e -> e.lease);
  }

  boolean contains(String id) {
    return sessions.containsKey(id);
  }

  Optional<SessionLease> remove(String id) {
    return Optional.ofNullable(sessions.remove(id)).map(e -> e.lease);
  }

  List<String> ids() {
    return new ArrayList<>(sessions.keySet());
  }

  int size() {
    return sessions.size();
  }

  void requestStarted(String id) {
    Entry e = sessions.get(id);
    if (e != null) {
      synchronized (e) {
        e.inFlight++;
        e.lastSeen = nanos.getAsLong();
      }
    }
  }

  void requestEnded(String id) {
    Entry e = sessions.get(id);
    if (e != null) {
      synchronized (e) {
        e.inFlight--;
        e.lastSeen = nanos.getAsLong();
      }
    }
  }

  void streamOpened(String id) {
    Entry e = sessions.get(id);
    if (e != null) {
      synchronized (e) {
        e.streams++;
        e.hadStream = true;
      }
    }
  }

  void streamClosed(String id) {
    Entry e = sessions.get(id);
    if (e != null) {
      synchronized (e) {
        e.streams--;
        e.streamGoneAt = nanos.getAsLong();
        e.lastSeen = e.streamGoneAt;
      }
    }
  }

  /** Sessions to end now, with the reason. */
  Map<String, String> due() {
    long now = nanos.getAsLong();
    Map<String, String> due = new java.util.HashMap<>();
    sessions.forEach((id, e) -> {
      synchronized (e) {
        if (e.streams > 0 || e.inFlight > 0) {
          return;
        }
        if (e.hadStream && now - e.streamGoneAt >= graceNanos) {
          due.put(id, "its event stream was gone for longer than " + Duration.ofNanos(graceNanos).toSeconds() + " s");
        } else if (now - e.lastSeen >= idleNanos) {
          due.put(id, "it was idle for longer than the lease TTL (" + Duration.ofNanos(idleNanos).toSeconds() + " s)");
        }
      }
    });
    return due;
  }

  /** Mutable per-session bookkeeping, guarded by its own monitor. */
  private static final class Entry {
    final SessionLease lease;
    long lastSeen;
    long streamGoneAt;
    int streams;
    int inFlight;
    boolean hadStream;

    Entry(SessionLease lease, long now) {
      this.lease = lease;
      this.lastSeen = now;
    }
  }
}
