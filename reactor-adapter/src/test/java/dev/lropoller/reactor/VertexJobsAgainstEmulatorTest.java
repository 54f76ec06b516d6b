package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.JobExpiredException;
import dev.lropoller.error.OperationCancelledException;
import dev.lropoller.error.OperationFailedException;
import dev.lropoller.model.Job;
import dev.lropoller.model.RpcCode;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.JobScript;
import dev.lropoller.testing.emulator.JobState;
import dev.lropoller.testing.emulator.VertexJobKind;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Vertex jobs on the whole real stack: GoogleOperationPoller's jobs() against the emulator's
 * scripted job resources, every kind, with the emulator's own JSON for each state.
 */
class VertexJobsAgainstEmulatorTest {
  private static final Duration SAFETY = Duration.ofSeconds(20);
  private static final String PARENT = "projects/p/locations/us-central1";

  private final AutoMlEmulator emulator = AutoMlEmulator.start();
  private final OperationPoller poller = GoogleOperationPoller.builder()
      .endpoint(emulator.baseUri())
      .noCredentials()
      .policy(PollPolicy.fixed(Duration.ofMillis(10)))
      .build();

  @AfterEach
  void stop() {
    poller.close();
    emulator.close();
  }

  private String start(VertexJobKind kind, JobState end) {
    return emulator.vertex().startJob(JobScript.builder(kind).parent(PARENT).endsIn(end).build());
  }

  @Test
  void everyKindIsWatchedThroughItsStatesToSucceeded() {
    for (VertexJobKind kind : VertexJobKind.values()) {
      String name = start(kind, JobState.SUCCEEDED);
      StepVerifier.create(poller.jobs().watch(name).map(Job::state))
          .expectNext(dev.lropoller.model.JobState.QUEUED, dev.lropoller.model.JobState.PENDING,
              dev.lropoller.model.JobState.RUNNING, dev.lropoller.model.JobState.SUCCEEDED)
          .expectComplete()
          .verify(SAFETY);
      assertThat(emulator.vertex().jobPollCount(name)).as(kind.toString()).isEqualTo(4);
    }
  }

  @Test
  void eachKindGivesWhatItProduced() {
    String pipeline = start(VertexJobKind.TRAINING_PIPELINE, JobState.SUCCEEDED);
    StepVerifier.create(poller.jobs().trainedModel(pipeline))
        .assertNext(m -> {
          assertThat(m.name()).startsWith(PARENT + "/models/");
          assertThat(m.versionId()).isEqualTo("1");
        })
        .expectComplete().verify(SAFETY);
    String tuning = start(VertexJobKind.TUNING_JOB, JobState.SUCCEEDED);
    StepVerifier.create(poller.jobs().tunedModel(tuning))
        .assertNext(t -> assertThat(t.model()).startsWith(PARENT + "/models/").contains("@"))
        .expectComplete().verify(SAFETY);
    String batch = start(VertexJobKind.BATCH_PREDICTION_JOB, JobState.SUCCEEDED);
    StepVerifier.create(poller.jobs().batchPredictionOutput(batch))
        .assertNext(o -> assertThat(o.location()).isNotEmpty())
        .expectComplete().verify(SAFETY);
  }

  @Test
  void failedCancelledAndExpiredJobsEndWithTheirTypedErrors() {
    String failed = emulator.vertex().startJob(JobScript.builder(VertexJobKind.CUSTOM_JOB)
        .parent(PARENT).failure(3, "replica exited with 1").endsIn(JobState.FAILED).build());
    StepVerifier.create(poller.jobs().completion(failed))
        .expectErrorSatisfies(e -> {
          assertThat(e).isExactlyInstanceOf(OperationFailedException.class);
          assertThat(((OperationFailedException) e).status().code())
              .isEqualTo(RpcCode.INVALID_ARGUMENT);
          assertThat(e.getMessage()).contains("replica exited with 1");
        })
        .verify(SAFETY);
    String expired = start(VertexJobKind.TUNING_JOB, JobState.EXPIRED);
    StepVerifier.create(poller.jobs().completion(expired))
        .expectError(JobExpiredException.class).verify(SAFETY);
    String cancelled = start(VertexJobKind.NAS_JOB, JobState.CANCELLED);
    StepVerifier.create(poller.jobs().completion(cancelled))
        .expectError(OperationCancelledException.class).verify(SAFETY);
  }

  @Test
  void aCancelMidRunReachesTheEmulatorAndEndsTheWatchCancelled() {
    String name = emulator.vertex().startJob(JobScript.builder(VertexJobKind.CUSTOM_JOB)
        .parent(PARENT).step(JobState.RUNNING, 1_000_000).last(JobState.SUCCEEDED).build());
    StepVerifier.create(poller.jobs().result(name))
        .then(() -> poller.jobs().cancel(name).block(SAFETY))
        .expectError(OperationCancelledException.class)
        .verify(SAFETY);
    assertThat(emulator.vertex().jobState(name)).isEqualTo(JobState.CANCELLED);
  }
}
