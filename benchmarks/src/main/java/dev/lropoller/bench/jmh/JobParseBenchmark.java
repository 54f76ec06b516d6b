package dev.lropoller.bench.jmh;

import dev.lropoller.model.Job;
import dev.lropoller.model.Operation;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the engine does with one poll's answer for a Vertex job ({@code Job.parse} and its
 * operation view, then {@code JobWatcher}'s {@code Job.fromView}) against a Vertex operation
 * ({@code Operation.parse}), on the emulator's running answers of each.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class JobParseBenchmark {
  /** A running TrainingPipeline as the emulator answers it (449 bytes). */
  static final byte[] JOB = ("{\"name\":\"projects/p/locations/us-central1/trainingPipelines/4142500376028124519\","
      + "\"state\":\"PIPELINE_STATE_RUNNING\",\"createTime\":\"2026-12-05T18:04:39.937245Z\","
      + "\"startTime\":\"2026-12-05T18:04:39.937245Z\",\"updateTime\":\"2026-12-05T18:04:39.937245Z\","
      + "\"trainingTaskDefinition\":\"gs://google-cloud-aiplatform/schema/trainingjob/definition/custom_task_1.0.0.yaml\","
      + "\"modelId\":\"model-4142500376028124519\",\"modelToUpload\":{\"displayName\":\"model-4142500376028124519\"}}")
      .getBytes(StandardCharsets.UTF_8);

  /** A running DeployModel operation as the emulator answers it (333 bytes). */
  static final byte[] OPERATION = ("{\"name\":\"projects/p/locations/us-central1/endpoints/7/operations/4142500376028124521\","
      + "\"metadata\":{\"@type\":\"type.googleapis.com/google.cloud.aiplatform.v1.DeployModelOperationMetadata\","
      + "\"genericMetadata\":{\"createTime\":\"2026-12-05T18:04:39.938790Z\",\"updateTime\":\"2026-12-05T18:04:40.509978Z\"},"
      + "\"deploymentStage\":\"STARTING_MODEL_SERVER\"}}").getBytes(StandardCharsets.UTF_8);

  /**
   * A job answer as the engine and {@code jobs().watch} read it.
   *
   * @return the job as the subscriber sees it
   */
  @Benchmark
  public Job jobAnswer() {
    return Job.fromView(Job.parse(JOB).asOperation());
  }

  /**
   * Baseline: an operation answer as the engine reads it.
   *
   * @return the snapshot
   */
  @Benchmark
  public Operation operationAnswer() {
    return Operation.parse(OPERATION);
  }
}
