package dev.escarp.broker.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.EventStream;
import dev.escarp.broker.http.Responder;
import dev.escarp.broker.http.StreamingRoute;
import dev.escarp.broker.routes.SlotRecords;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.PoolSnapshot;
import dev.escarp.core.time.Scheduler;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /events}: the pool pushed as server-sent events, one {@code status} event (the body of
 * {@code /status}, plus the daemon's {@code now}) when a viewer connects and after every change of
 * the lease table or of who controls a page. Changes are coalesced ({@value #COALESCE_MILLIS} ms)
 * and rendered off the event loops, once for every viewer. With no viewer it costs a flag test
 * per change.
 */
final class PoolFeed implements StreamingRoute {

  static final long COALESCE_MILLIS = 20;

  private final LeaseTable table;
  private final SlotRecords records;
  private final Executor blocking;
  private final Scheduler scheduler;
  private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  PoolFeed(LeaseTable table, SlotRecords records, Executor blocking, Scheduler scheduler) {
    this.table = table;
    this.records = records;
    this.blocking = blocking;
    this.scheduler = scheduler;
  }

  /** A change happened: publish soon, once for however many changes arrive meanwhile. */
  void changed() {
    if (!streams.isEmpty() && scheduled.compareAndSet(false, true)) {
      scheduler.schedule(() -> blocking.execute(this::publish), TimeUnit.MILLISECONDS.toNanos(COALESCE_MILLIS));
    }
  }

  @Override
  public void handle(ApiRequest request, Responder responder) {
    if (!request.method().equals("GET")) {
      throw new ApiException(405, "method_not_allowed", request.method() + " is not allowed on /events; use GET");
    }
    EventStream stream = responder.stream(Map.of("X-Accel-Buffering", "no"));
    streams.add(stream);
    stream.closed().thenRun(() -> streams.remove(stream));
    blocking.execute(() -> {
      if (!stream.send(null, "status", status())) {
        streams.remove(stream);
      }
    });
  }

  int viewers() {
    return streams.size();
  }

  private void publish() {
    scheduled.set(false); // a change from now on schedules another publication
    if (streams.isEmpty()) {
      return;
    }
    String status = status();
    for (EventStream stream : streams) {
      if (!stream.send(null, "status", status)) {
        streams.remove(stream);
      }
    }
  }

  private String status() {
    if (table.externalHoldersStale()) {
      table.refreshExternalHolders(); // reads lock files: this runs on the blocking executor
    }
    PoolSnapshot snapshot = table.snapshot();
    ObjectNode body = JsonTrees.object();
    body.put("pool_size", snapshot.poolSize());
    body.put("lease_ttl_s", snapshot.leaseTtl().toMillis() / 1000.0);
    body.put("reaper_interval_s", snapshot.reclaimDelay().toMillis() / 1000.0);
    body.put("now", System.currentTimeMillis() / 1000.0);
    body.set("slots", records.publicRecords(snapshot));
    return JsonTrees.text(body);
  }

  void close() {
    streams.forEach(EventStream::close);
    streams.clear();
  }
}
