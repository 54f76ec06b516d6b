package dev.lropoller;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A server whose one AutoML CreateModel operation answers from the clock: created at time 0,
 * running with {@code progress(elapsedMillis)} (left out when it gives {@code null}) until
 * {@code endMillis}, done from then on; {@code updateTime} is the time of the answer while it
 * runs and the end after. The GETs numbered in {@code failing} (from 1) fail with a 503 instead.
 * Records the clock time of every GET.
 */
final class ProgressClockTransport implements GetOnlyTransport {
  private final Scheduler clock;
  private final long endMillis;
  private final LongFunction<Integer> progress;
  private final Set<Integer> failing;
  private final List<Long> getMillis = new ArrayList<>();

  ProgressClockTransport(Scheduler clock, long endMillis, LongFunction<Integer> progress,
      Set<Integer> failing) {
    this.clock = clock;
    this.endMillis = endMillis;
    this.progress = progress;
    this.failing = failing;
  }

  /** The clock times of the GETs, in order. */
  synchronized List<Long> getMillis() {
    return List.copyOf(getMillis);
  }

  @Override
  public Mono<byte[]> getOperation(String name, AccessToken token) {
    return Mono.fromCallable(() -> answer(name));
  }

  private synchronized byte[] answer(String name) {
    long now = clock.now(TimeUnit.MILLISECONDS);
    getMillis.add(now);
    if (failing.contains(getMillis.size())) {
      throw TransportException.transientFailure("scripted 503 for GET " + getMillis.size(), null);
    }
    boolean done = now >= endMillis;
    Integer p = done ? Integer.valueOf(100) : progress.apply(now);
    String metadata = "{\"@type\":\"type.googleapis.com/google.cloud.automl.v1.OperationMetadata\","
        + "\"createTime\":\"" + Instant.ofEpochMilli(0) + "\",\"updateTime\":\""
        + Instant.ofEpochMilli(Math.min(now, endMillis)) + "\",\"createModelDetails\":{}"
        + (p == null ? "" : ",\"progressPercent\":" + p) + "}";
    String body = "{\"name\":\"" + name + "\",\"metadata\":" + metadata + (done
        ? ",\"done\":true,\"response\":{\"@type\":\"type.googleapis.com/google.protobuf.Empty\"}}"
        : "}");
    return body.getBytes(StandardCharsets.UTF_8);
  }

}
