package dev.lropoller.bench.jmh;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.model.Job;
import dev.lropoller.model.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.scheduler.Schedulers;

/**
 * The engine's cost of a Vertex job watch ({@code jobs().watch}) against an operation watch
 * ({@code poll}) of the same shape: five polls (four running answers, then the end), 1 ns before
 * each, on {@code Schedulers.parallel()}, from memory, so the difference is what the engine does
 * with a job's answers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class JobWatchBenchmark {
  private static final String JOB =
      "projects/p/locations/us-central1/trainingPipelines/4142500376028124519";
  private static final String OPERATION =
      "projects/p/locations/us-central1/endpoints/7/operations/4142500376028124521";

  private OperationPoller jobs;
  private OperationPoller operations;

  /** Builds both pollers on in-memory transports. */
  @Setup
  public void setUp() {
    PollPolicy policy = PollPolicy.fixed(Duration.ofNanos(1)).withFirstPollDelay(Duration.ofNanos(1));
    byte[] jobDone = new String(JobParseBenchmark.JOB, StandardCharsets.UTF_8)
        .replace("PIPELINE_STATE_RUNNING", "PIPELINE_STATE_SUCCEEDED").getBytes(StandardCharsets.UTF_8);
    byte[] operationDone = new String(JobParseBenchmark.OPERATION, StandardCharsets.UTF_8)
        .replace("{\"name\"", "{\"done\":true,\"name\"").getBytes(StandardCharsets.UTF_8);
    jobs = OperationPoller.builder(new InMemoryTransport(JobParseBenchmark.JOB, jobDone, 4))
        .policy(policy).scheduler(Schedulers.parallel()).build();
    operations = OperationPoller.builder(
            new InMemoryTransport(JobParseBenchmark.OPERATION, operationDone, 4))
        .policy(policy).scheduler(Schedulers.parallel()).build();
    if (!jobWatch5Polls().state().isTerminal() || !operationWatch5Polls().done()) {
      throw new IllegalStateException("benchmark set-up does not reach the end");
    }
  }

  /**
   * Five polls of a job through {@code jobs().watch}.
   *
   * @return the last snapshot
   */
  @Benchmark
  public Job jobWatch5Polls() {
    return jobs.jobs().watch(JOB).blockLast();
  }

  /**
   * Baseline: five polls of an operation through {@code poll}.
   *
   * @return the last snapshot
   */
  @Benchmark
  public Operation operationWatch5Polls() {
    return operations.poll(OPERATION).blockLast();
  }
}
