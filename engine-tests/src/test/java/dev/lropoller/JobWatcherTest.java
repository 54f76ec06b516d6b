package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.error.JobExpiredException;
import dev.lropoller.error.OperationCancelledException;
import dev.lropoller.error.OperationFailedException;
import dev.lropoller.model.BatchPredictionOutput;
import dev.lropoller.model.Job;
import dev.lropoller.model.JobKind;
import dev.lropoller.model.JobState;
import dev.lropoller.model.ModelVersion;
import dev.lropoller.model.RpcCode;
import dev.lropoller.model.TunedModel;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * Vertex AI jobs watched by state on the engine, under virtual time: every kind through its
 * terminal states, the states that are not terminal, an unknown state, both enum encodings,
 * cancel mid-run, a shared loop, age-aware resume, and a bad name that sends nothing.
 */
class JobWatcherTest {
  private static final String PARENT = "projects/p/locations/us-central1/";
  private final Fixture f = new Fixture();
  private final OperationPoller poller = f.poller(Fixture.exact());

  private static String name(JobKind kind) {
    return PARENT + kind.collection() + "/123";
  }

  private static String state(JobKind kind, String bare) {
    boolean pipeline = kind == JobKind.TRAINING_PIPELINE || kind == JobKind.PIPELINE_JOB;
    return (pipeline ? "PIPELINE_STATE_" : "JOB_STATE_") + bare;
  }

  /** A job resource in {@code state} (a JSON value, quoted or a number), plus {@code extra}. */
  private static String job(String name, String stateJson, String extra) {
    return "{\"name\":\"" + name + "\",\"state\":" + stateJson
        + ",\"createTime\":\"1970-01-01T00:00:00Z\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  private static String quoted(String s) {
    return "\"" + s + "\"";
  }

  private void script(JobKind kind, String terminal, String extra) {
    String n = name(kind);
    f.fake.script(n)
        .body(job(n, quoted(state(kind, "QUEUED")), ""))
        .body(job(n, quoted(state(kind, "PENDING")), ""))
        .body(job(n, quoted(state(kind, "RUNNING")), ""))
        .body(job(n, quoted(state(kind, terminal)), extra));
  }

  @Test
  void everyKindEndsOnEachTerminalStateWithItsTypedOutcome() {
    for (JobKind kind : JobKind.values()) {
      List<String> terminals = new ArrayList<>(List.of("SUCCEEDED", "FAILED", "CANCELLED"));
      boolean pipeline = kind == JobKind.TRAINING_PIPELINE || kind == JobKind.PIPELINE_JOB;
      if (!pipeline) {
        terminals.add("PARTIALLY_SUCCEEDED");
      }
      if (kind == JobKind.TUNING_JOB) {
        terminals.add("EXPIRED");
      }
      for (String terminal : terminals) {
        Fixture fx = new Fixture();
        OperationPoller p = fx.poller(Fixture.exact());
        String n = name(kind);
        String error = terminal.equals("FAILED")
            ? "\"error\":{\"code\":3,\"message\":\"exit status 1\"}"
            : terminal.equals("CANCELLED") ? "\"error\":{\"code\":1,\"message\":\"cancelled\"}" : "";
        fx.fake.script(n)
            .body(job(n, quoted(state(kind, "QUEUED")), ""))
            .body(job(n, quoted(state(kind, "PENDING")), ""))
            .body(job(n, quoted(state(kind, "RUNNING")), ""))
            .body(job(n, quoted(state(kind, terminal)), error));
        String what = kind + " " + terminal;
        fx.verify(() -> p.jobs().watch(n).map(Job::state))
            .expectNext(JobState.QUEUED)
            .thenAwait(Duration.ofSeconds(5)).expectNext(JobState.PENDING)
            .thenAwait(Duration.ofMillis(7_500)).expectNext(JobState.RUNNING)
            .thenAwait(Duration.ofMillis(11_250)).expectNext(JobState.valueOf(terminal))
            .verifyComplete();
        assertThat(fx.getTimes()).as(what).containsExactly(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMillis(12_500), Duration.ofMillis(23_750));

        List<Object> outcome = new ArrayList<>();
        p.jobs().result(n).subscribe(outcome::add, outcome::add);
        fx.vts.advanceTimeBy(Duration.ofSeconds(30));
        assertThat(outcome).as(what).hasSize(1);
        Object o = outcome.get(0);
        switch (terminal) {
          case "SUCCEEDED", "PARTIALLY_SUCCEEDED" ->
              assertThat(((Job) o).state()).as(what).isEqualTo(JobState.valueOf(terminal));
          case "FAILED" -> {
            assertThat(o).as(what).isExactlyInstanceOf(OperationFailedException.class);
            assertThat(((OperationFailedException) o).status().code())
                .isEqualTo(RpcCode.INVALID_ARGUMENT);
            assertThat(((OperationFailedException) o).status().message()).isEqualTo("exit status 1");
          }
          case "CANCELLED" -> assertThat(o).as(what).isInstanceOf(OperationCancelledException.class);
          default -> {
            assertThat(o).as(what).isInstanceOf(JobExpiredException.class);
            assertThat(((JobExpiredException) o).getMessage()).contains("expired").contains(n);
          }
        }
        p.close();
      }
    }
  }

  @Test
  void pausedUpdatingAndCancellingAreWatchedOn() {
    String n = name(JobKind.CUSTOM_JOB);
    f.fake.script(n)
        .body(job(n, quoted("JOB_STATE_RUNNING"), ""))
        .body(job(n, quoted("JOB_STATE_PAUSED"), ""))
        .body(job(n, quoted("JOB_STATE_UPDATING"), ""))
        .body(job(n, quoted("JOB_STATE_CANCELLING"), ""))
        .body(job(n, quoted("JOB_STATE_SUCCEEDED"), ""));
    f.verify(() -> poller.jobs().watch(n).map(Job::state))
        .expectNext(JobState.RUNNING)
        .thenAwait(Duration.ofMinutes(2))
        .expectNext(JobState.PAUSED, JobState.UPDATING, JobState.CANCELLING, JobState.SUCCEEDED)
        .verifyComplete();
  }

  @Test
  void anUnknownStateIsWatchedAsRunningAndKeepsItsRawValue() {
    String n = name(JobKind.BATCH_PREDICTION_JOB);
    f.fake.script(n)
        .body(job(n, quoted("JOB_STATE_HIBERNATING"), ""))
        .body(job(n, "42", ""))
        .body(job(n, quoted("JOB_STATE_SUCCEEDED"), ""));
    List<Job> seen = new ArrayList<>();
    f.verify(() -> poller.jobs().watch(n).doOnNext(seen::add).map(Job::state))
        .expectNext(JobState.UNRECOGNIZED)
        .thenAwait(Duration.ofMinutes(1))
        .expectNext(JobState.UNRECOGNIZED, JobState.SUCCEEDED)
        .verifyComplete();
    assertThat(seen.get(0).stateName()).isEqualTo("JOB_STATE_HIBERNATING");
    assertThat(seen.get(1).stateName()).isEqualTo("42");
  }

  @Test
  void enumNumbersReadLikeNames() {
    String n = name(JobKind.TRAINING_PIPELINE);
    f.fake.script(n).body(job(n, "3", "")).body(job(n, "4",
        "\"modelToUpload\":{\"name\":\"projects/p/locations/us-central1/models/m\","
            + "\"versionId\":\"2\"},\"displayName\":\"flowers\""));
    f.verify(() -> poller.jobs().trainedModel(n))
        .thenAwait(Duration.ofSeconds(5))
        .expectNext(new ModelVersion("projects/p/locations/us-central1/models/m", "2", "flowers"))
        .verifyComplete();
  }

  @Test
  void tuningAndBatchPredictionJobsGiveWhatTheyProduced() {
    String tuning = name(JobKind.TUNING_JOB);
    f.fake.script(tuning).body(job(tuning, quoted("JOB_STATE_SUCCEEDED"),
        "\"tunedModel\":{\"model\":\"projects/p/locations/us-central1/models/t@1\","
            + "\"endpoint\":\"projects/p/locations/us-central1/endpoints/e\"}"));
    f.verify(() -> poller.jobs().tunedModel(tuning))
        .expectNext(new TunedModel("projects/p/locations/us-central1/models/t@1",
            "projects/p/locations/us-central1/endpoints/e"))
        .verifyComplete();
    String batch = name(JobKind.BATCH_PREDICTION_JOB);
    f.fake.script(batch).body(job(batch, quoted("JOB_STATE_PARTIALLY_SUCCEEDED"),
        "\"outputInfo\":{\"bigqueryOutputDataset\":\"bq://p.ds\",\"bigqueryOutputTable\":\"out\"},"
            + "\"completionStats\":{\"successfulCount\":\"90\",\"failedCount\":\"10\","
            + "\"incompleteCount\":\"-1\"}"));
    f.verify(() -> poller.jobs().batchPredictionOutput(batch))
        .expectNext(new BatchPredictionOutput("bq://p.ds", "out", 90, 10, -1))
        .verifyComplete();
  }

  @Test
  void aCancelMidRunGoesThroughCancellingToTheCancelledError() {
    String n = name(JobKind.CUSTOM_JOB);
    f.fake.script(n)
        .body(job(n, quoted("JOB_STATE_RUNNING"), ""))
        .body(job(n, quoted("JOB_STATE_CANCELLING"), ""))
        .body(job(n, quoted("JOB_STATE_CANCELLED"), "\"error\":{\"code\":1,\"message\":\"x\"}"));
    List<Object> outcome = new ArrayList<>();
    Disposable watch = poller.jobs().result(n).subscribe(outcome::add, outcome::add);
    f.vts.advanceTimeBy(Duration.ofSeconds(1));
    poller.jobs().cancel(n).subscribe();
    f.vts.advanceTimeBy(Duration.ofMinutes(1));
    assertThat(f.fake.count(Kind.CANCEL)).isEqualTo(1);
    assertThat(f.fake.calls().stream().filter(c -> c.kind() == Kind.CANCEL).findFirst()
        .orElseThrow().name()).isEqualTo(n);
    assertThat(outcome).singleElement().isInstanceOf(OperationCancelledException.class);
    watch.dispose();
  }

  @Test
  void twentySubscribersOfOneJobShareOneLoop() {
    String n = name(JobKind.HYPERPARAMETER_TUNING_JOB);
    script(JobKind.HYPERPARAMETER_TUNING_JOB, "SUCCEEDED", "");
    AtomicInteger completed = new AtomicInteger();
    for (int i = 0; i < 20; i++) {
      poller.jobs().watch(n).subscribe(j -> { }, e -> { }, completed::incrementAndGet);
    }
    f.vts.advanceTimeBy(Duration.ofMinutes(1));
    assertThat(completed.get()).isEqualTo(20);
    assertThat(f.fake.count(Kind.GET)).isEqualTo(4);
  }

  @Test
  void aThreeHourOldPipelineResumesAtTheMaximumInterval() {
    String n = name(JobKind.TRAINING_PIPELINE);
    f.fake.script(n).body("{\"name\":\"" + n + "\",\"state\":\"PIPELINE_STATE_RUNNING\","
        + "\"createTime\":\"" + Instant.EPOCH.minus(Duration.ofHours(3)) + "\"}");
    Disposable w = poller.jobs().watch(n).subscribe();
    f.vts.advanceTimeBy(Duration.ofMinutes(2));
    assertThat(f.getTimes()).startsWith(Duration.ZERO, Duration.ofSeconds(45),
        Duration.ofSeconds(90));
    w.dispose();
  }

  @Test
  void aNameThatIsNotAJobFailsBeforeAnyRequest() {
    assertThatThrownBy(() -> poller.jobs().watch("projects/p/locations/us-central1/models/1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("projects/p/locations/us-central1/models/1")
        .hasMessageContaining("trainingPipelines");
    assertThatThrownBy(() -> poller.jobs().trainedModel(name(JobKind.CUSTOM_JOB)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trainingPipelines");
    assertThat(f.fake.calls()).isEmpty();
  }

  @Test
  void aJobNameTheTransportCannotServeIsRefusedByEveryJobMethodBeforeAnyRequest() {
    String elsewhere = "projects/p/locations/asia-south2/customJobs/9";
    OperationPoller picky = OperationPoller.builder(new DelegatingTransport(f.fake) {
      @Override
      public void checkName(String name) {
        if (name.contains("/asia-south2/")) {
          throw new IllegalArgumentException("no endpoint for asia-south2: " + name);
        }
      }
    }).policy(Fixture.exact()).scheduler(f.timers).build();

    for (Runnable call : List.<Runnable>of(
        () -> picky.jobs().watch(elsewhere),
        () -> picky.jobs().get(elsewhere),
        () -> picky.jobs().cancel(elsewhere),
        () -> picky.jobs().delete(elsewhere))) {
      assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("no endpoint for asia-south2: " + elsewhere);
    }
    assertThat(f.fake.calls()).isEmpty();
    f.fake.script(name(JobKind.CUSTOM_JOB)).body(job(name(JobKind.CUSTOM_JOB),
        quoted(state(JobKind.CUSTOM_JOB, "SUCCEEDED")), ""));
    f.verify(() -> picky.jobs().get(name(JobKind.CUSTOM_JOB)).map(Job::state))
        .expectNext(JobState.SUCCEEDED).verifyComplete();
  }
}
