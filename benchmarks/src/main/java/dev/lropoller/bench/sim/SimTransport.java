package dev.lropoller.bench.sim;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.OperationsTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The server side of a simulation: answers each {@code GET} from the scheduler's clock (a
 * virtual one): running with the run's progress before its end, done from then on (createTime
 * is the start, updateTime the last change), answered at once and without failures. It counts the requests of every run and the instant of its first done
 * answer. Only {@link #getOperation} is served; the simulation needs nothing else.
 */
final class SimTransport implements OperationsTransport {
  private static final String METADATA_TYPE =
      "type.googleapis.com/google.cloud.automl.v1.OperationMetadata";
  private static final String EMPTY_TYPE = "type.googleapis.com/google.protobuf.Empty";

  private final Scheduler clock;
  private final long startNanos;
  private final Map<String, Tally> tallies = new HashMap<>();

  /** What the server saw of one run. */
  static final class Tally {
    final SimRun run;
    /** When the run started, nanoseconds after the server's start. */
    final long startedNanos;
    int requests;
    /** Nanoseconds after the run's start at which the first done answer went out, or -1. */
    long doneSeenNanos = -1;
    /** Nanoseconds after the start of the latest request, or 0 before the first. */
    long lastRequestNanos;
    /**
     * The longest time between two requests of this run (the first counted from the start), until
     * its done answer: the watch's own wait plus the request's wait for the budget.
     */
    long longestGapNanos;

    Tally(SimRun run, long startedNanos) {
      this.run = run;
      this.startedNanos = startedNanos;
    }
  }

  SimTransport(Scheduler clock, List<SimRun> runs) {
    this.clock = clock;
    this.startNanos = clock.now(TimeUnit.NANOSECONDS);
    add(runs);
  }

  /** Runs that start now (their names new to this server). */
  void add(List<SimRun> runs) {
    long now = clock.now(TimeUnit.NANOSECONDS) - startNanos;
    for (SimRun r : runs) {
      if (tallies.putIfAbsent(r.name(), new Tally(r, now)) != null) {
        throw new IllegalArgumentException("a run named " + r.name() + " is already served");
      }
    }
  }

  Map<String, Tally> tallies() {
    return tallies;
  }

  @Override
  public Mono<byte[]> getOperation(String name, AccessToken token) {
    return Mono.fromCallable(() -> answer(name));
  }

  // Called on the virtual scheduler's one thread at a time: no lock needed for the tallies.
  private byte[] answer(String name) {
    Tally t = tallies.get(name);
    if (t == null) {
      throw new IllegalArgumentException("not a simulated run: " + name);
    }
    long elapsed = clock.now(TimeUnit.NANOSECONDS) - startNanos - t.startedNanos;
    if (t.doneSeenNanos < 0) {
      t.longestGapNanos = Math.max(t.longestGapNanos, elapsed - t.lastRequestNanos);
      t.lastRequestNanos = elapsed;
    }
    t.requests++;
    boolean done = elapsed >= t.run.duration().toNanos();
    if (done && t.doneSeenNanos < 0) {
      t.doneSeenNanos = elapsed;
    }
    int reported = t.run.progressAt(Duration.ofNanos(elapsed));
    int progress = done && reported >= 0 ? 100 : reported;
    long started = startNanos + t.startedNanos;
    long updated = started + Math.min(elapsed, t.run.duration().toNanos());
    String metadata = "{\"@type\":\"" + METADATA_TYPE + "\",\"createTime\":\"" + instant(started)
        + "\",\"updateTime\":\"" + instant(updated) + "\",\"createModelDetails\":{}"
        + (progress < 0 ? "" : ",\"progressPercent\":" + progress) + "}";
    String body = "{\"name\":\"" + name + "\",\"metadata\":" + metadata
        + (done ? ",\"done\":true,\"response\":{\"@type\":\"" + EMPTY_TYPE + "\"}}" : "}");
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /** The scheduler's clock reading as an RFC 3339 timestamp (the virtual clock starts at 1970). */
  private static String instant(long nanos) {
    return Instant.ofEpochSecond(0, nanos).toString();
  }

  @Override
  public Mono<byte[]> listOperations(String parent, String filter, String pageToken,
      AccessToken token) {
    return Mono.error(new UnsupportedOperationException("the simulation lists nothing"));
  }

  @Override
  public Mono<Void> cancelOperation(String name, AccessToken token) {
    return Mono.error(new UnsupportedOperationException("the simulation cancels nothing"));
  }

  @Override
  public Mono<Void> deleteOperation(String name, AccessToken token) {
    return Mono.error(new UnsupportedOperationException("the simulation deletes nothing"));
  }
}
