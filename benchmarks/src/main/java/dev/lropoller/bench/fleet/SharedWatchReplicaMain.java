package dev.lropoller.bench.fleet;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.bench.support.CommandLine;
import dev.lropoller.bench.support.ForkedEmulatorMain;
import dev.lropoller.reactor.GoogleOperationPoller;
import dev.lropoller.redis.RedisFleetBudget;
import dev.lropoller.redis.RedisRequestBudget;
import dev.lropoller.redis.RedisSharedWatches;
import dev.lropoller.redis.SharedWatchListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One replica of {@link SharedWatchRun}, in a JVM of its own: a {@code GoogleOperationPoller} and
 * a {@link RedisSharedWatches} on a real Redis, watching every name it is given. Prints
 * {@value #READY}, starts every watch when a line {@code go} arrives on standard input (from the
 * {@code --start-at}-th name on, wrapping around, so that each replica of a fleet is first to check,
 * and so owns, its own share of the names), and
 * writes, per name, the instants (µs) its snapshots arrived and how the watch ended; then prints
 * {@value #DONE}. It exits when standard input ends.
 */
public final class SharedWatchReplicaMain {
  /** The line printed once the poller and watches are built. */
  static final String READY = "shared-watch replica ready";
  /** The line printed once the result file is written. */
  static final String DONE = "shared-watch replica done";
  private static final List<String> FLAGS = List.of("--emulator", "--redis-port", "--names",
      "--out", "--id", "--lease", "--check", "--interval", "--deadline", "--start-at",
      "--per-minute", "--replicas", "--redis-timeout", "--events");

  private SharedWatchReplicaMain() {}

  /**
   * Runs one replica.
   *
   * @param args {@code --emulator URI --redis-port P --names FILE --out FILE --id ID --lease 3s
   *     --check 1s --interval 1s --deadline 120s --start-at 0}; with {@code --per-minute L} the
   *     poller also has {@code maxRequestsPerMinute(L)} on the fleet budget on the same Redis
   *     ({@code --replicas 3} for its fallback share, {@code --redis-timeout 1s}); with
   *     {@code --events FILE} it writes each fall-back and rejoin the shared watches report, one
   *     line each ({@code fellBack|rejoined name µs}), next to the result file
   * @throws Exception if the files, Redis or standard input fail
   */
  public static void main(String[] args) throws Exception {
    CommandLine cl = CommandLine.parse(args, FLAGS, List.of());
    Duration interval = cl.duration("--interval", Duration.ofSeconds(1));
    Duration deadline = cl.duration("--deadline", Duration.ofSeconds(120));
    RedisClient redis = RedisClient.create(
        RedisURI.create("127.0.0.1", cl.atLeast("--redis-port", 1, 6379)));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    GoogleOperationPoller.Builder builder = GoogleOperationPoller.builder()
        .endpoint(URI.create(cl.text("--emulator", ""))).noCredentials()
        .policy(PollPolicy.fixed(interval).withJitter(0.0).withTimeout(deadline));
    int perMinute = cl.atLeast("--per-minute", 0, 0);
    RedisClient budgetClient = null;
    if (perMinute > 0) {
      budgetClient = RedisClient.create(RedisURI.builder().withHost("127.0.0.1")
          .withPort(cl.atLeast("--redis-port", 1, 6379))
          .withTimeout(cl.duration("--redis-timeout", Duration.ofSeconds(1))).build());
      builder.maxRequestsPerMinute(perMinute)
          .requestBudget(RedisRequestBudget.of(RedisFleetBudget.of(budgetClient.connect().reactive())))
          .requestBudgetReplicas(cl.atLeast("--replicas", 1, 3));
    }
    ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    SharedWatchListener listener = new SharedWatchListener() {
      @Override
      public void fellBack(String name, Throwable cause) {
        events.add("fellBack " + name + " " + ForkedEmulatorMain.micros(Instant.now()));
      }

      @Override
      public void rejoined(String name) {
        events.add("rejoined " + name + " " + ForkedEmulatorMain.micros(Instant.now()));
      }
    };
    try (OperationPoller poller = builder.build()) {
      RedisSharedWatches watches = RedisSharedWatches.of(poller, redis.connect(),
              redis.connectPubSub())
          .withReplicaId(cl.text("--id", "r"))
          .withLeaseTime(cl.duration("--lease", Duration.ofSeconds(3)))
          .withCheckInterval(cl.duration("--check", Duration.ofSeconds(1)))
          .withListener(listener);
      System.out.println(READY);
      System.out.flush();
      String go = in.readLine();
      if (!"go".equals(go)) {
        throw new IllegalStateException("expected \"go\", read \"" + go + "\"");
      }
      List<String> names = Files.readAllLines(cl.path("--names", null));
      List<ConcurrentLinkedQueue<Long>> arrivals = new ArrayList<>();
      String[] ends = new String[names.size()];
      CountDownLatch settled = new CountDownLatch(names.size());
      for (int i = 0; i < names.size(); i++) {
        arrivals.add(new ConcurrentLinkedQueue<>());
      }
      int startAt = cl.between("--start-at", 0, Math.max(0, names.size() - 1), 0);
      for (int k = 0; k < names.size(); k++) {
        int index = (startAt + k) % names.size();
        ConcurrentLinkedQueue<Long> times = arrivals.get(index);
        boolean[] done = {false};
        watches.poll(names.get(index)).subscribe(op -> {
          times.add(ForkedEmulatorMain.micros(Instant.now()));
          done[0] = op.done();
        }, e -> {
          ends[index] = "error:" + e.getClass().getSimpleName();
          settled.countDown();
        }, () -> {
          ends[index] = done[0] ? "done" : "complete-not-done";
          settled.countDown();
        });
      }
      settled.await(deadline.toMillis() + 10_000, TimeUnit.MILLISECONDS);
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        StringBuilder b = new StringBuilder(names.get(i)).append(' ')
            .append(ends[i] == null ? "unfinished" : ends[i]);
        arrivals.get(i).forEach(t -> b.append(' ').append(t));
        lines.add(b.toString());
      }
      Files.write(cl.path("--out", null), lines);
      Path eventFile = cl.path("--events", null);
      if (eventFile != null) {
        Files.write(eventFile, List.copyOf(events));
      }
    } finally {
      redis.shutdown();
      if (budgetClient != null) {
        budgetClient.shutdown();
      }
    }
    System.out.println(DONE);
    System.out.flush();
    while (in.readLine() != null) {
      // stay until the parent closes standard input
    }
  }
}
