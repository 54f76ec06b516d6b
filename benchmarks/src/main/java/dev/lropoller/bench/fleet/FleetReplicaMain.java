package dev.lropoller.bench.fleet;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import dev.lropoller.bench.support.CommandLine;
import dev.lropoller.bench.support.ForkedEmulatorMain;
import dev.lropoller.reactor.GoogleOperationPoller;
import dev.lropoller.redis.RedisFleetBudget;
import dev.lropoller.redis.RedisRequestBudget;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One poller replica of {@link FleetLoadRun}, in a JVM of its own as a service replica is: a
 * {@code GoogleOperationPoller} with {@code maxRequestsPerMinute}, on the fleet budget in Redis
 * or on its local budget only, watching the names it is given with {@code completion(name)}.
 *
 * <p>It first watches the {@code --warmup} names to their end, unmeasured, so that the measured
 * watches do not pay for JIT compilation; prints {@value #READY}; reads the {@code --names} file
 * and starts every watch when a line {@code go} arrives on standard input; and prints {@value #DONE} after writing its result file
 * (see {@link ReplicaResult#read}). It exits when standard input ends.
 */
public final class FleetReplicaMain {
  /** The line printed once the poller is built. */
  static final String READY = "fleet-replica ready";
  /** The line printed once the result file is written. */
  static final String DONE = "fleet-replica done";
  /** Flags of {@link #main}. */
  static final List<String> FLAGS = List.of("--emulator", "--names", "--out", "--redis-port",
      "--max-requests-per-minute", "--interval", "--deadline", "--replicas", "--warmup",
      "--redis-timeout", "--start-over");

  private FleetReplicaMain() {}

  /**
   * Runs one replica.
   *
   * @param args {@code --emulator URI --names FILE --out FILE --redis-port P} (0: local budget
   *     only) {@code --max-requests-per-minute N --interval 1s --deadline 90s --replicas 3
   *     --warmup FILE} (names watched before {@code ready}; optional) {@code --redis-timeout 1s}
   *     (Lettuce's command timeout: how long an ask may take before the key degrades)
   *     {@code --start-over 0s} (the watches' starts spread evenly over this time; 0: at once)
   * @throws Exception if the files, Redis or standard input fail
   */
  public static void main(String[] args) throws Exception {
    CommandLine cl = CommandLine.parse(args, FLAGS, List.of());
    URI emulator = URI.create(cl.text("--emulator", ""));
    Path out = cl.path("--out", null);
    int redisPort = cl.atLeast("--redis-port", 0, 0);
    Duration interval = cl.duration("--interval", Duration.ofSeconds(1));
    Duration deadline = cl.duration("--deadline", Duration.ofSeconds(90));
    Duration startOver = cl.duration("--start-over", Duration.ZERO);
    Counting listener = new Counting();
    GoogleOperationPoller.Builder builder = GoogleOperationPoller.builder()
        .endpoint(emulator)
        .noCredentials()
        .listener(listener)
        .maxRequestsPerMinute(cl.atLeast("--max-requests-per-minute", 1, 600))
        .policy(PollPolicy.fixed(interval).withFirstPollDelay(interval)
            .withTimeout(deadline.plusMinutes(1)));
    RedisClient redis = null;
    if (redisPort > 0) {
      redis = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(redisPort)
          .withTimeout(cl.duration("--redis-timeout", Duration.ofSeconds(1))).build());
      StatefulRedisConnection<String, String> connection = redis.connect();
      builder.requestBudget(RedisRequestBudget.of(RedisFleetBudget.of(connection.reactive())))
          .requestBudgetReplicas(cl.atLeast("--replicas", 1, 3));
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (OperationPoller poller = builder.build()) {
      Path warmup = cl.path("--warmup", null);
      if (warmup != null) {
        Flux.fromIterable(Files.readAllLines(warmup)).flatMap(poller::completion, 100_000)
            .then().block(deadline);
      }
      System.out.println(READY);
      System.out.flush();
      String go = in.readLine();
      if (!"go".equals(go)) {
        throw new IllegalStateException("expected \"go\", read \"" + go + "\"");
      }
      listener.sent.clear();
      listener.coolDowns.set(0);
      listener.degraded.set(0);
      listener.transitions.clear();
      List<String> names = Files.readAllLines(cl.path("--names", null));
      long cpuStart = cpuNanos();
      long[] endedAt = new long[names.size()];
      AtomicInteger errors = new AtomicInteger();
      AtomicReference<String> firstError = new AtomicReference<>();
      CountDownLatch settled = new CountDownLatch(names.size());
      List<Disposable> watches = new ArrayList<>(names.size());
      for (int i = 0; i < names.size(); i++) {
        int index = i;
        long offsetNanos = names.size() < 2 ? 0 : startOver.toNanos() * i / names.size();
        watches.add(Mono.delay(Duration.ofNanos(offsetNanos))
            .then(poller.completion(names.get(i))).subscribe(null, e -> {
          errors.incrementAndGet();
          firstError.compareAndSet(null, names.get(index) + ": " + e);
          settled.countDown();
        }, () -> {
          endedAt[index] = ForkedEmulatorMain.micros(Instant.now());
          settled.countDown();
        }));
      }
      boolean all = settled.await(deadline.plus(startOver).toMillis(), TimeUnit.MILLISECONDS);
      watches.forEach(Disposable::dispose);
      long cpu = cpuNanos() - cpuStart;
      List<String> lines = new ArrayList<>();
      lines.add("cpuNanos " + cpu);
      lines.add("unfinished " + (all ? 0 : settled.getCount()));
      lines.add("errors " + errors.get());
      lines.add("coolDowns " + listener.coolDowns.get());
      lines.add("degraded " + listener.degraded.get());
      lines.add("firstError " + String.valueOf(firstError.get()).replace('\n', ' '));
      listener.sent.forEach((project, times) -> {
        StringBuilder b = new StringBuilder("sent ").append(project);
        times.forEach(t -> b.append(' ').append(t));
        lines.add(b.toString());
      });
      for (int i = 0; i < names.size(); i++) {
        lines.add("ended " + names.get(i) + " " + endedAt[i]);
      }
      listener.transitions.forEach(t -> lines.add(t.line()));
      Files.write(out, lines);
    } finally {
      if (redis != null) {
        redis.shutdown();
      }
    }
    System.out.println(DONE);
    System.out.flush();
    while (in.readLine() != null) {
      // stay until the parent closes standard input
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Send instants per project, and the cool-downs and degraded spells the poller reported. */
  private static final class Counting implements PollListener {
    final Map<String, ConcurrentLinkedQueue<Long>> sent = new ConcurrentHashMap<>();
    final AtomicInteger coolDowns = new AtomicInteger();
    final AtomicInteger degraded = new AtomicInteger();
    final ConcurrentLinkedQueue<ReplicaResult.Transition> transitions = new ConcurrentLinkedQueue<>();

    @Override
    public void pollSent(String name, int attempt) {
      sent.computeIfAbsent(FleetLoadRun.project(name), p -> new ConcurrentLinkedQueue<>())
          .add(ForkedEmulatorMain.micros(Instant.now()));
    }

    @Override
    public void coolDownStarted(String project, Duration delay) {
      coolDowns.incrementAndGet();
    }

    @Override
    public void budgetDegraded(String key, Throwable cause) {
      degraded.incrementAndGet();
      transitions.add(new ReplicaResult.Transition(false, key,
          ForkedEmulatorMain.micros(Instant.now())));
    }

    @Override
    public void budgetRestored(String key) {
      transitions.add(new ReplicaResult.Transition(true, key,
          ForkedEmulatorMain.micros(Instant.now())));
    }
  }
}
