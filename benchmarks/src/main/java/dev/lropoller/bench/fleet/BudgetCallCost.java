package dev.lropoller.bench.fleet;

import dev.lropoller.bench.support.CommandLine;
import dev.lropoller.redis.RedisFleetBudget;
import dev.lropoller.redis.RedisRequestBudget;
import dev.lropoller.spi.BudgetDecision;
import dev.lropoller.spi.RequestBudget;
import dev.lropoller.testing.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisScriptingReactiveCommands;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * The client CPU of the fleet budget's calls alone, without a poller or HTTP: per request one
 * {@code acquire} and, once granted, a fire-and-forget {@code answered}, as the engine makes them
 * (one ask per key at a time, 20 keys at once), in one JVM against one real {@code redis-server}.
 * Three modes, interleaved round by round so that a change in the machine's load hits all three:
 * <ul>
 *   <li>{@code reactive-2}: the reactive Lettuce API (the commands wrapped in a JDK proxy, which
 *       the budget cannot see through; the proxy adds a reflective call per command) and each
 *       answer sent at once: the budget as it was before answers travelled with asks;
 *   <li>{@code async-2}: the async API, each answer sent at once ({@code withAnswerDelay(0)});
 *   <li>{@code async-1}: the async API, answers carried by the next ask (the default).
 * </ul>
 * Prints each round's process CPU and Redis CPU per request, then the median per mode.
 *
 * <pre>{@code java -cp lro-poller-benchmarks.jar dev.lropoller.bench.fleet.BudgetCallCost
 *   --requests 20000 --rounds 5}</pre>
 */
public final class BudgetCallCost {
  private static final int KEYS = 20;
  private static final List<String> MODES = List.of("reactive-2", "async-2", "async-1");

  private BudgetCallCost() {}

  /**
   * Runs the rounds.
   *
   * @param args {@code --requests 20000} (per round and mode) {@code --rounds 5}
   * @throws Exception if Redis fails
   */
  public static void main(String[] args) throws Exception {
    CommandLine cl = CommandLine.parse(args, List.of("--requests", "--rounds"), List.of());
    int requests = cl.atLeast("--requests", KEYS, 20_000);
    int rounds = cl.atLeast("--rounds", 1, 5);
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1")
          .withPort(redis.port()).withTimeout(Duration.ofSeconds(10)).build());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        System.out.println("# fleet budget calls alone, " + requests + " requests per round, "
            + KEYS + " keys; load " + FleetLoadRun.loadAverage());
        List<List<Double>> cpu = new ArrayList<>();
        MODES.forEach(m -> cpu.add(new ArrayList<>()));
        for (int round = -1; round < rounds; round++) { // round -1 warms the JIT up, unreported
          for (int m = 0; m < MODES.size(); m++) {
            redis.query("FLUSHALL");
            double[] perRequest = round(port(MODES.get(m), connection), requests, redis);
            if (round >= 0) {
              cpu.get(m).add(perRequest[0]);
              System.out.printf("round %d %-10s client %.1f µs/request, redis %.1f µs/request%n",
                  round, MODES.get(m), perRequest[0], perRequest[1]);
            }
          }
        }
        for (int m = 0; m < MODES.size(); m++) {
          System.out.printf("median %-10s client %.1f µs/request%n", MODES.get(m), median(cpu.get(m)));
        }
        System.out.println("# load " + FleetLoadRun.loadAverage());
      } finally {
        client.shutdown();
      }
    }
  }

  private static RequestBudget port(String mode, StatefulRedisConnection<String, String> c) {
    RedisScriptingReactiveCommands<String, String> commands = c.reactive();
    if (mode.equals("reactive-2")) {
      RedisScriptingReactiveCommands<String, String> lettuce = commands;
      @SuppressWarnings("unchecked")
      RedisScriptingReactiveCommands<String, String> hidden =
          (RedisScriptingReactiveCommands<String, String>) Proxy.newProxyInstance(
              BudgetCallCost.class.getClassLoader(),
              new Class<?>[] {RedisScriptingReactiveCommands.class}, (proxy, method, a) -> {
                try {
                  return method.invoke(lettuce, a);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
      commands = hidden;
    }
    RedisRequestBudget port = RedisRequestBudget.of(RedisFleetBudget.of(commands));
    return mode.equals("async-1") ? port : port.withAnswerDelay(Duration.ZERO);
  }

  /** One round: process CPU and Redis CPU per request, in µs. */
  private static double[] round(RequestBudget port, int requests, RedisServerProcess redis)
      throws InterruptedException {
    AtomicLong answers = new AtomicLong();
    double redisBefore = RedisSample.of(redis).cpuSeconds();
    long before = cpuNanos();
    Flux.range(0, KEYS).flatMap(k -> Flux.range(0, requests / KEYS).concatMap(i ->
        port.acquire("key-" + k, 1_000_000, Duration.ofMinutes(1)).doOnNext(d -> {
          String slot = ((BudgetDecision.Granted) d).slotId();
          port.answered("key-" + k, slot).subscribe(null, e -> answers.incrementAndGet(),
              answers::incrementAndGet);
        })), KEYS).then().block(Duration.ofMinutes(5));
    while (answers.get() < (long) requests / KEYS * KEYS) {
      Thread.sleep(5); // the last answers of each key wait for their delay
    }
    long cpu = cpuNanos() - before;
    double redisCpu = RedisSample.of(redis).cpuSeconds() - redisBefore;
    return new double[] {cpu / 1000.0 / requests, redisCpu * 1e6 / requests};
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
