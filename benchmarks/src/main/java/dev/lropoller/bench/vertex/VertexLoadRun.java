package dev.lropoller.bench.vertex;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.bench.support.CommandLine;
import dev.lropoller.bench.support.Rounds;
import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcCode;
import dev.lropoller.reactor.GoogleOperationPoller;
import dev.lropoller.reactor.GoogleService;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.LocationTraffic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;

/**
 * Issue 20's load run for Vertex jobs: {@code --runs} scripted runs ({@link JobMix}: mixed kinds,
 * end states SUCCEEDED, FAILED and CANCELLED, a few polls or a few seconds each) spread over
 * {@code --projects} projects times the {@code --locations}, on one {@code GoogleOperationPoller}
 * with {@code service(VERTEX_AI)}, each location routed to the emulator's own port for it, a budget
 * of {@code --budget} per project and location and the default poll policy; the emulator enforces
 * a quota of {@code --quota} per project and location. Each round runs the shapes in rotated order:
 * the jobs ({@code jobs().watch(name)}), and operations of the same shape ({@code poll(name)}),
 * each on a fresh emulator and poller in this JVM.
 *
 * <p>CPU per poll is measured as {@code LoadRun}'s probe does, with the emulator in this JVM:
 * process CPU during the run, less the CPU of the emulator's event-loop threads, over the requests
 * the emulator answered; the process figure (emulator included) is printed too. Since the
 * collector serves both sides of the JVM, the run also reads each Java thread's CPU and allocation
 * ({@link CpuSample}) and prints the client's own threads alone, and the client with the
 * collector's CPU split by the bytes each side allocated.
 *
 * <pre>
 * java -Xmx2g -cp benchmarks/target/lro-poller-benchmarks.jar dev.lropoller.bench.vertex.VertexLoadRun \
 *   --runs 10000 --projects 5 --locations us-central1,europe-west4,asia-east1,us-east4 \
 *   --quota 600 --budget 600 --rounds 2
 * </pre>
 */
public final class VertexLoadRun {
  static final String EMULATOR_THREADS = "automl-emulator";
  /** Flags of {@link #main}. */
  static final List<String> FLAGS = List.of("--runs", "--projects", "--locations", "--quota",
      "--budget", "--rounds", "--shapes", "--seed", "--warmup", "--deadline");

  private VertexLoadRun() {}

  /**
   * What to run.
   *
   * @param runs runs per measured run
   * @param projects project ids
   * @param locations location ids
   * @param quota the emulator's quota per project and location and minute
   * @param budget the poller's {@code maxRequestsPerMinute} (per project and location)
   * @param rounds rounds; each rotates the shape order
   * @param shapes the shapes, in the first round's order
   * @param seed the mix's seed
   * @param warmup runs of an unmeasured warm-up per shape, no quota, polled every 20 ms (0: none)
   * @param deadline the longest a measured run may take
   */
  record Config(int runs, List<String> projects, List<String> locations, int quota, int budget,
      int rounds, List<LoadShape> shapes, long seed, int warmup, Duration deadline) {}

  /**
   * Runs from the command line and prints the tables.
   *
   * @param args {@code --runs 10000 --projects 5 --locations a,b,c,d --quota 600 --budget 600
   *     --rounds 1 --shapes jobs,ops --seed 42 --warmup 500 --deadline 15m}
   * @throws Exception if the emulator or the poller cannot start
   */
  public static void main(String[] args) throws Exception {
    Config config = parse(args);
    System.out.println("# Vertex load run " + Instant.now());
    System.out.println("java " + System.getProperty("java.vm.version") + ", cpus "
        + Runtime.getRuntime().availableProcessors() + ", max heap "
        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
    System.out.println("args: " + String.join(" ", args));
    List<ShapeResult> results = run(config);
    System.out.println();
    System.out.print(ShapeResult.header());
    results.forEach(r -> System.out.print(r.row()));
    System.out.println();
    System.out.println(ratios(results));
    System.exit(0);
  }

  static Config parse(String[] args) {
    CommandLine cl = CommandLine.parse(args, FLAGS, List.of());
    int projects = cl.atLeast("--projects", 1, 5);
    List<String> shapes = cl.list("--shapes", List.of("jobs", "ops"));
    return new Config(cl.atLeast("--runs", 1, 10_000),
        IntStream.range(0, projects).mapToObj(i -> "vload-p" + i).toList(),
        cl.list("--locations", List.of("us-central1", "europe-west4", "asia-east1", "us-east4")),
        cl.atLeast("--quota", 1, 600), cl.atLeast("--budget", 1, 600), cl.atLeast("--rounds", 1, 1),
        shapes.stream().map(LoadShape::of).toList(), cl.longInteger("--seed", 42),
        cl.atLeast("--warmup", 0, 500), cl.duration("--deadline", Duration.ofMinutes(15)));
  }

  static List<ShapeResult> run(Config config) throws InterruptedException {
    if (config.warmup() > 0) {
      for (LoadShape shape : config.shapes()) {
        ShapeResult w = runOne(shape, config, config.warmup(), false);
        System.out.printf(Locale.ROOT, "warm-up %s: %d/%d as scripted, %d errors%n", shape.id(),
            w.asScripted(), w.runs(), w.errors());
      }
    }
    List<ShapeResult> results = new ArrayList<>();
    for (int round = 0; round < config.rounds(); round++) {
      for (LoadShape shape : Rounds.rotate(config.shapes(), round)) {
        ShapeResult r = runOne(shape, config, config.runs(), true);
        System.out.print("round " + (round + 1) + ": " + ShapeResult.header().lines().findFirst().get()
            + "\n" + r.row());
        results.add(r);
      }
    }
    return results;
  }

  /**
   * One run of one shape on a fresh emulator and poller.
   *
   * @param measured false for the warm-up: no quota, no budget, a 20 ms fixed policy
   */
  static ShapeResult runOne(LoadShape shape, Config config, int n, boolean measured)
      throws InterruptedException {
    System.gc();
    System.gc();
    List<JobMix.Run> mix = JobMix.of(n, config.seed(), config.projects(), config.locations());
    AutoMlEmulator.Builder eb = AutoMlEmulator.builder().logCapacity(0).quotaPerLocation(true);
    config.locations().forEach(eb::location);
    if (measured) {
      eb.quotaPerMinute(config.quota());
    }
    try (AutoMlEmulator emulator = eb.start()) {
      GoogleOperationPoller.Builder pb = GoogleOperationPoller.builder()
          .service(GoogleService.VERTEX_AI)
          .noCredentials()
          .policy(measured ? PollPolicy.defaults().withTimeout(config.deadline())
              : PollPolicy.fixed(Duration.ofMillis(20)));
      for (String l : config.locations()) {
        pb.locationEndpoint(l, emulator.vertex().locationUri(l));
      }
      if (measured) {
        pb.maxRequestsPerMinute(config.budget());
      }
      List<String> names = new ArrayList<>(n);
      for (JobMix.Run r : mix) {
        names.add(shape == LoadShape.JOBS ? emulator.vertex().startJob(r.jobScript())
            : emulator.vertex().startOperation(r.operationScript()));
      }
      AtomicInteger asScripted = new AtomicInteger();
      AtomicInteger mismatches = new AtomicInteger();
      AtomicInteger errors = new AtomicInteger();
      CountDownLatch ended = new CountDownLatch(n);
      CpuSample start;
      CpuSample spent;
      long startWall;
      long endWall;
      long requests;
      try (OperationPoller poller = pb.build()) {
        start = CpuSample.now(EMULATOR_THREADS);
        startWall = System.nanoTime();
        for (int i = 0; i < n; i++) {
          JobMix.Run run = mix.get(i);
          outcome(poller, shape, names.get(i)).subscribe(state -> {
            (JobMix.matches(state, run) ? asScripted : mismatches).incrementAndGet();
            ended.countDown();
          }, e -> {
            errors.incrementAndGet();
            ended.countDown();
          });
        }
        if (!ended.await(config.deadline().toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
          System.out.println(shape.id() + ": " + ended.getCount() + " runs not ended by the deadline");
        }
        endWall = System.nanoTime();
        spent = CpuSample.now(EMULATOR_THREADS).minus(start);
        requests = emulator.requestCount();
      }
      List<LocationTraffic> traffic = emulator.vertex().locationTraffic();
      int least = traffic.stream().mapToInt(LocationTraffic::peakArrivalsPerMinute).min().orElse(0);
      int most = traffic.stream().mapToInt(LocationTraffic::peakArrivalsPerMinute).max().orElse(0);
      return new ShapeResult(shape, n, asScripted.get(), mismatches.get(),
          errors.get() + (int) ended.getCount(), (endWall - startWall) / 1e9, requests,
          emulator.quotaRejections(), traffic.size(), least, most, spent);
    }
  }

  /** The end state a watch saw, in the script's terms (see {@link JobMix#matches}). */
  private static Mono<String> outcome(OperationPoller poller, LoadShape shape, String name) {
    if (shape == LoadShape.JOBS) {
      return poller.jobs().watch(name).last().map(job -> job.state().name());
    }
    return poller.poll(name).last().map(VertexLoadRun::operationOutcome);
  }

  static String operationOutcome(Operation op) {
    return op.error().map(e -> e.code() == RpcCode.CANCELLED ? "CANCELLED" : "FAILED")
        .orElse("SUCCEEDED");
  }

  /** The per-poll figures {@link #ratios} compares, with their row labels. */
  private static final List<Map.Entry<String, ToDoubleFunction<ShapeResult>>> COMPARED = List.of(
      Map.entry("client (process less emulator threads)", ShapeResult::clientMicrosPerPoll),
      Map.entry("client less JIT compilation", ShapeResult::warmClientMicrosPerPoll),
      Map.entry("process (emulator included)", ShapeResult::totalMicrosPerPoll),
      Map.entry("client's own Java threads (no GC, no JIT)", ShapeResult::clientJavaMicrosPerPoll),
      Map.entry("client, GC split by allocation, no JIT", ShapeResult::attributedMicrosPerPoll),
      Map.entry("client bytes allocated per poll", ShapeResult::clientBytesPerPoll),
      Map.entry("emulator bytes allocated per poll", ShapeResult::emulatorBytesPerPoll));

  /**
   * The jobs-over-operations ratios of CPU (and allocation) per poll, over the means of each
   * shape's rounds.
   *
   * @param results the measured runs
   * @return a short markdown table, or a note when a shape is missing
   */
  static String ratios(List<ShapeResult> results) {
    List<ShapeResult> jobs = of(results, LoadShape.JOBS);
    List<ShapeResult> ops = of(results, LoadShape.OPERATIONS);
    if (jobs.isEmpty() || ops.isEmpty()) {
      return "(one shape only: no ratio)";
    }
    StringBuilder table = new StringBuilder(
        "| per poll, mean of the rounds | jobs | ops | jobs / ops |\n|---|--:|--:|--:|\n");
    for (Map.Entry<String, ToDoubleFunction<ShapeResult>> figure : COMPARED) {
      double j = jobs.stream().mapToDouble(figure.getValue()).average().orElse(0);
      double o = ops.stream().mapToDouble(figure.getValue()).average().orElse(0);
      table.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f |%n",
          figure.getKey(), j, o, j / o));
    }
    return table.toString();
  }

  private static List<ShapeResult> of(List<ShapeResult> results, LoadShape shape) {
    return results.stream().filter(r -> r.shape() == shape).toList();
  }
}
