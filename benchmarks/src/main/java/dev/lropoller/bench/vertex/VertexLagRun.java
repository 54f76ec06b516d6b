package dev.lropoller.bench.vertex;

import com.google.api.gax.retrying.TimedRetryAlgorithm;
import com.google.cloud.aiplatform.v1.stub.PipelineServiceStubSettings;
import dev.lropoller.bench.support.CommandLine;
import dev.lropoller.bench.support.Percentiles;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Issue 20's comparison for Vertex jobs: the same {@code --runs} scripted training pipelines of 10
 * to 60 minutes ({@link LagRuns}) watched by lro-poller with its defaults, by a by-hand gax
 * GetTrainingPipeline loop, and by Python's SDK schedule (a fixed 5 s, modelled in Java as the
 * same gax loop: Python cannot be installed here). Each contender gets a fresh emulator and a
 * fresh virtual clock ({@link VirtualDriver}): the emulator's {@code Clock} and every timer of the
 * contender read it, the requests are real HTTP on loopback. Requests per run are the emulator's
 * count of GETs per pipeline; detection lag is the virtual time from a pipeline's scripted end to
 * the answer that showed it.
 *
 * <pre>
 * java -cp benchmarks/target/lro-poller-benchmarks.jar dev.lropoller.bench.vertex.VertexLagRun \
 *   --runs 1000 --seed 42 --contenders lro,gax-30s,gax-lro,python
 * </pre>
 */
public final class VertexLagRun {
  /** Flags of {@link #main}. */
  static final List<String> FLAGS = List.of("--runs", "--seed", "--projects", "--locations",
      "--contenders", "--step", "--limit");
  /** Where every virtual clock starts. */
  static final Instant START = Instant.parse("2026-12-05T00:00:00Z");

  private VertexLagRun() {}

  /**
   * Runs from the command line and prints the table.
   *
   * @param args {@code --runs 1000 --seed 42 --projects 5 --locations a,b,c,d
   *     --contenders lro,gax-30s,gax-lro,python --step 10ms --limit 2h}
   * @throws Exception if an emulator or a client cannot start
   */
  public static void main(String[] args) throws Exception {
    CommandLine cl = CommandLine.parse(args, FLAGS, List.of());
    int n = cl.atLeast("--runs", 1, 1000);
    long seed = cl.longInteger("--seed", 42);
    int projects = cl.atLeast("--projects", 1, 5);
    List<String> locations = cl.list("--locations",
        List.of("us-central1", "europe-west4", "asia-east1", "us-east4"));
    List<String> ids = cl.list("--contenders", List.of("lro", "gax-30s", "gax-lro", "python"));
    ids.forEach(VertexLagRun::contender);
    Duration step = cl.duration("--step", Duration.ofMillis(10));
    Duration limit = cl.duration("--limit", Duration.ofHours(2));
    List<LagRuns.Run> runs = LagRuns.of(n, seed,
        IntStream.range(0, projects).mapToObj(i -> "vlag-p" + i).toList(), locations);
    System.out.println("# Vertex detection-lag run " + Instant.now());
    System.out.println("args: " + String.join(" ", args));
    System.out.println("gax GetTrainingPipeline retry settings (PipelineServiceStubSettings): "
        + TrainingPipelineGet.gaxRetrySettings() + ", retryable codes "
        + TrainingPipelineGet.gaxSettings().getRetryableCodes());
    System.out.println("gax PipelineService LRO polling (deleteTrainingPipelineOperationSettings): "
        + gaxPolling().createFirstAttempt().getGlobalSettings());
    List<LagResult> rows = new ArrayList<>();
    for (String id : ids) {
      LagResult row = runOne(id, runs, step, limit);
      System.out.println(row.row());
      rows.add(row);
    }
    System.out.println();
    System.out.println(LagResult.header());
    rows.forEach(r -> System.out.println(r.row()));
    System.exit(0);
  }

  static TimedRetryAlgorithm gaxPolling() {
    return PipelineServiceStubSettings.newBuilder().deleteTrainingPipelineOperationSettings()
        .getPollingAlgorithm();
  }

  static LagContender contender(String id) {
    return switch (id) {
      case "lro" -> new LroLagContender();
      case "gax-30s" -> new LoopLagContender(
          "gax GetTrainingPipeline loop, a user's fixed 30 s (gax sets no delay for this RPC)",
          DelaySource.fixed(Duration.ofSeconds(30)));
      case "gax-60s" -> new LoopLagContender(
          "gax GetTrainingPipeline loop, a user's fixed 60 s", DelaySource.fixed(Duration.ofSeconds(60)));
      case "gax-lro" -> new LoopLagContender(
          "gax GetTrainingPipeline loop sleeping gax's PipelineService LRO polling delays"
              + " (5 s x1.5, max 45 s, jittered; 5 min total timeout not applied)",
          DelaySource.gax(gaxPolling()));
      case "python" -> new LoopLagContender(
          "Python SDK's fixed 5 s (modelled in Java: the same gax GET loop)",
          DelaySource.fixed(Duration.ofSeconds(5)));
      default -> throw new IllegalArgumentException(
          "unknown contender \"" + id + "\" (lro, gax-30s, gax-60s, gax-lro, python)");
    };
  }

  /**
   * One contender on a fresh emulator and virtual clock.
   *
   * @param id the contender
   * @param runs the runs
   * @param step the virtual step of the driver
   * @param limit the most virtual time
   * @return its row
   * @throws Exception if the emulator or the client cannot start
   */
  static LagResult runOne(String id, List<LagRuns.Run> runs, Duration step, Duration limit)
      throws Exception {
    VirtualDriver driver = new VirtualDriver(START);
    AutoMlEmulator.Builder eb = AutoMlEmulator.builder().logCapacity(0)
        .clock(new SchedulerClock(driver.scheduler()));
    runs.stream().map(LagRuns.Run::location).distinct().forEach(eb::location);
    long realStart = System.nanoTime();
    try (AutoMlEmulator emulator = eb.start(); LagContender c = contender(id)) {
      Map<String, URI> endpoints = new LinkedHashMap<>();
      emulator.vertex().locations().forEach(l -> endpoints.put(l, emulator.vertex().locationUri(l)));
      List<String> names = new ArrayList<>(runs.size());
      runs.forEach(r -> names.add(emulator.vertex().startJob(r.script())));
      LagLedger ledger = new LagLedger(runs);
      c.start(driver, runs, names, endpoints, ledger);
      driver.runUntil(ledger::allReported, step, limit);
      long polls = 0;
      for (String name : names) {
        polls += emulator.vertex().jobPollCount(name);
      }
      Percentiles lag = ledger.lagMicros();
      return new LagResult(c.label(), runs.size(), ledger.asScripted(), ledger.mismatches(),
          ledger.errors(), ledger.firstError(), ledger.unseen(), polls / (double) runs.size(),
          lag.at(50) / 1e6, lag.at(99) / 1e6, ledger.meanLagSeconds(), lag.max() / 1e6,
          (System.nanoTime() - realStart) / 1e9);
    }
  }
}
