package dev.lropoller.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The answered slots of a {@link RedisRequestBudget} not sent to Redis yet, per key. A key's
 * answers leave with the next ask of that key ({@link #take}), or on their own once the first of
 * them has waited the delay, or at once when {@link #MAX_BATCH} of them wait: so each is sent at
 * most the delay after it arrived. Each key has at most one timer armed, whatever its rate of
 * answers: a timer that finds a younger batch than the delay arms itself again for the rest.
 * Thread-safe; never blocks.
 */
final class AnswerBatches {
  /** The most answers one script run carries. */
  static final int MAX_BATCH = 64;

  private final ConcurrentHashMap<String, Batch> pending = new ConcurrentHashMap<>();
  private final Set<String> armed = ConcurrentHashMap.newKeySet();
  private final long delayNanos;
  private final Scheduler scheduler;
  private final BiFunction<String, List<String>, Mono<?>> send;

  /**
   * @param delay how long the first answer of a key waits for an ask to carry it; zero sends each
   *     answer at once
   * @param scheduler the timer of the delay
   * @param send sends a key's answers on their own
   */
  AnswerBatches(Duration delay, Scheduler scheduler, BiFunction<String, List<String>, Mono<?>> send) {
    this.delayNanos = delay.toNanos();
    this.scheduler = scheduler;
    this.send = send;
  }

  /**
   * Adds an answer of {@code key}; the returned Mono completes when Redis recorded the batch that
   * carries it, or fails with the error of the call that carried it.
   */
  Mono<Void> add(String key, String slotId) {
    for (;;) {
      Batch batch = pending.computeIfAbsent(key, k -> new Batch(now()));
      int size = batch.add(slotId);
      if (size < 0) {
        continue; // taken meanwhile: the next one is a fresh batch
      }
      if (size == MAX_BATCH || delayNanos == 0) {
        sendIfPending(key, batch);
      } else if (size == 1) {
        arm(key, delayNanos);
      }
      return batch.recorded.asMono();
    }
  }

  /** Takes the answers of {@code key} waiting now, for an ask to carry; {@code null} if none. */
  Batch take(String key) {
    Batch batch = pending.remove(key);
    if (batch != null) {
      batch.take();
    }
    return batch;
  }

  private long now() {
    return scheduler.now(TimeUnit.NANOSECONDS);
  }

  // Ordering: add() puts its batch in the map before it arms, and fire() disarms before it reads
  // the map, so a batch never waits without a timer.
  private void arm(String key, long nanos) {
    if (!armed.add(key)) {
      return;
    }
    try {
      scheduler.schedule(() -> fire(key), nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopped) {
      armed.remove(key);
      Batch batch = pending.get(key);
      if (batch != null) {
        sendIfPending(key, batch);
      }
    }
  }

  private void fire(String key) {
    armed.remove(key);
    Batch batch = pending.get(key);
    if (batch == null) {
      return;
    }
    long waited = now() - batch.bornNanos;
    if (waited >= delayNanos) {
      sendIfPending(key, batch);
    } else {
      arm(key, delayNanos - waited);
    }
  }

  private void sendIfPending(String key, Batch batch) {
    if (!pending.remove(key, batch)) {
      return; // an ask took it, or another timer sent it
    }
    List<String> ids = batch.take();
    Mono<?> call;
    try {
      call = send.apply(key, ids);
    } catch (RuntimeException failed) {
      batch.failed(failed);
      return;
    }
    batch.carriedBy(call).subscribe(null, failed -> { });
  }

  /** One key's answers sent together; closed once taken. */
  static final class Batch {
    private final List<String> ids = new ArrayList<>(4);
    private final Sinks.Empty<Void> recorded = Sinks.empty();
    private final long bornNanos;
    private boolean taken;

    private Batch(long bornNanos) {
      this.bornNanos = bornNanos;
    }

    /** Adds the id; the batch's size after it, or -1 when the batch was taken already. */
    private synchronized int add(String slotId) {
      if (taken) {
        return -1;
      }
      ids.add(slotId);
      return ids.size();
    }

    private synchronized List<String> take() {
      taken = true;
      return ids;
    }

    /** The ids; complete once the batch was taken. */
    synchronized List<String> ids() {
      return ids;
    }

    /** {@code call}, which carries this batch, reporting its end to the answers' Monos. */
    <T> Mono<T> carriedBy(Mono<T> call) {
      return call
          .doOnSuccess(reply -> recorded.tryEmitEmpty())
          .doOnError(this::failed)
          .doOnCancel(() -> failed(new IllegalStateException(
              "the call that carried " + ids().size() + " answers was cancelled")));
    }

    /** The call that carried the batch failed, so its answers may be lost. */
    void failed(Throwable failure) {
      recorded.tryEmitError(failure);
    }
  }
}
