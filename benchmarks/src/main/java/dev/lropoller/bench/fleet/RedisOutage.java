package dev.lropoller.bench.fleet;

import dev.lropoller.bench.support.ForkedEmulatorMain;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Redis fault of {@link FleetLoadRun}'s {@code outage} row: {@code at} after the replicas'
 * {@code go}, stop the {@code redis-server} (SIGTERM), leave it down for {@code length}, then
 * start an empty one on the same port. Before the stop it writes a marker key and records the
 * server's persistence settings; after the restart it checks that the marker is gone, so the row
 * shows that the restarted Redis lost its data.
 */
final class RedisOutage {
  private static final String MARKER = "lropoller:bench:outage-marker";

  private final CompletableFuture<Times> times = new CompletableFuture<>();

  /**
   * When the fault happened and what the server said about its data.
   *
   * @param stoppedMicros when the server had exited (epoch µs)
   * @param restartedMicros when the new server answered {@code PING} (epoch µs)
   * @param persistence {@code CONFIG GET save} and {@code appendonly} before the stop
   * @param keysBeforeStop {@code DBSIZE} just before the stop, the marker included
   * @param markerSurvived whether the marker key was still there after the restart
   */
  record Times(long stoppedMicros, long restartedMicros, String persistence, long keysBeforeStop,
      boolean markerSurvived) {}

  private RedisOutage() {}

  /**
   * Schedules the fault on a thread of its own and returns at once.
   *
   * @param redis the server the replicas use
   * @param at how long after now to stop it
   * @param length how long it stays down
   * @return the running fault; {@link #await} waits for its times
   */
  static RedisOutage schedule(RedisServerProcess redis, Duration at, Duration length) {
    RedisOutage outage = new RedisOutage();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "redis-outage");
      t.setDaemon(true);
      return t;
    });
    timer.schedule(() -> {
      try {
        outage.times.complete(outage.run(redis, length));
      } catch (Throwable e) {
        outage.times.completeExceptionally(e);
      } finally {
        timer.shutdown();
      }
    }, at.toMillis(), TimeUnit.MILLISECONDS);
    return outage;
  }

  private Times run(RedisServerProcess redis, Duration length) throws InterruptedException {
    String persistence = "save=\"" + redis.query("CONFIG", "GET", "save").replace("save\n", "")
        + "\" " + redis.query("CONFIG", "GET", "appendonly").replace('\n', '=');
    redis.query("SET", MARKER, "1");
    long keys = Long.parseLong(redis.query("DBSIZE"));
    redis.stop();
    long stopped = now();
    Thread.sleep(length.toMillis());
    redis.restart();
    long restarted = now();
    boolean survived = !"0".equals(redis.query("EXISTS", MARKER));
    return new Times(stopped, restarted, persistence, keys, survived);
  }

  /**
   * Waits for the fault to be over.
   *
   * @return its times
   * @throws Exception if stopping or restarting Redis failed
   */
  Times await() throws Exception {
    return times.get();
  }

  private static long now() {
    return ForkedEmulatorMain.micros(Instant.now());
  }
}
