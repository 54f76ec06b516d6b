package dev.lropoller.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lropoller.error.UnexpectedResponseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A job's operation view is built from what the job has read, not by reading the view's JSON
 * again: it must be the same snapshot that reading that JSON gives, field by field.
 */
class JobViewTest {
  private static final String NAME = "\"name\":\"projects/p/locations/us-central1/";

  static Stream<String> jobs() {
    return Stream.of(
        "{" + NAME + "trainingPipelines/1\",\"state\":\"PIPELINE_STATE_RUNNING\","
            + "\"createTime\":\"2026-12-05T18:04:39.937245Z\",\"startTime\":\"2026-12-05T18:04:40Z\","
            + "\"updateTime\":\"2026-12-05T18:05:00.5+01:00\",\"modelToUpload\":{\"displayName\":\"m\"}}",
        "{" + NAME + "trainingPipelines/2\",\"state\":\"PIPELINE_STATE_SUCCEEDED\"}",
        "{" + NAME + "customJobs/3\",\"state\":\"JOB_STATE_FAILED\","
            + "\"error\":{\"code\":9,\"message\":\"quota\",\"details\":[]}}",
        "{" + NAME + "customJobs/4\",\"state\":\"JOB_STATE_FAILED\",\"createTime\":\"2026-01-01T00:00:00Z\"}",
        "{" + NAME + "batchPredictionJobs/5\",\"state\":\"JOB_STATE_CANCELLED\","
            + "\"updateTime\":\"2026-12-05T18:05:00Z\"}",
        "{" + NAME + "hyperparameterTuningJobs/6\",\"state\":\"JOB_STATE_EXPIRED\"}",
        "{" + NAME + "pipelineJobs/7\",\"state\":\"PIPELINE_STATE_CANCELLING\",\"labels\":{\"a\":\"b\"}}",
        "{" + NAME + "tuningJobs/8\",\"state\":\"JOB_STATE_PARTIALLY_SUCCEEDED\"}",
        "{" + NAME + "nasJobs/9\",\"state\":\"JOB_STATE_SOMETHING_NEW\"}",
        "{" + NAME + "customJobs/10\",\"state\":\"JOB_STATE_CANCELLED\","
            + "\"error\":{\"code\":1,\"message\":\"by user\"},\"@type\":\"type.googleapis.com/x.CustomJob\"}");
  }

  @ParameterizedTest
  @MethodSource("jobs")
  void theViewIsWhatReadingItsJsonGives(String body) {
    Operation view = Job.parse(body.getBytes(StandardCharsets.UTF_8)).asOperation();
    Operation read = Operation.fromJson(view.json());

    assertThat(view.name()).isEqualTo(read.name());
    assertThat(view.done()).isEqualTo(read.done());
    assertThat(view.metadataType()).isEqualTo(read.metadataType());
    assertThat(view.metadata()).isEqualTo(read.metadata());
    assertThat(view.metadata().kind()).isEqualTo(read.metadata().kind());
    assertThat(view.metadata().createTime()).isEqualTo(read.metadata().createTime());
    assertThat(view.metadata().updateTime()).isEqualTo(read.metadata().updateTime());
    assertThat(view.metadata().progressPercent()).isEqualTo(read.metadata().progressPercent());
    assertThat(view.metadata().partialFailures()).isEqualTo(read.metadata().partialFailures());
    assertThat(view.metadata().outputDirectory()).isEqualTo(read.metadata().outputDirectory());
    assertThat(view.error()).isEqualTo(read.error());
    assertThat(view.responseType()).isEqualTo(read.responseType());
    assertThat(view.response()).isEqualTo(read.response());
    assertThat(view.rawJson()).isEqualTo(read.rawJson());
    assertThat(view).isEqualTo(read);
  }

  @Test
  void theEndErrorIsTheJobsOwnOrOneMadeFromTheState() {
    Operation own = Job.parse(("{" + NAME + "customJobs/3\",\"state\":\"JOB_STATE_FAILED\","
        + "\"error\":{\"code\":9,\"message\":\"quota\"}}").getBytes(StandardCharsets.UTF_8)).asOperation();
    assertThat(own.error()).hasValueSatisfying(e -> {
      assertThat(e.code()).isEqualTo(RpcCode.FAILED_PRECONDITION);
      assertThat(e.message()).isEqualTo("quota");
    });
    Operation made = Job.parse(("{" + NAME + "customJobs/4\",\"state\":\"JOB_STATE_EXPIRED\"}")
        .getBytes(StandardCharsets.UTF_8)).asOperation();
    assertThat(made.error()).hasValueSatisfying(e -> {
      assertThat(e.code()).isEqualTo(RpcCode.DEADLINE_EXCEEDED);
      assertThat(e.message()).contains("customJobs/4").contains("expired");
    });
    Operation running = Job.parse(("{" + NAME + "customJobs/5\",\"state\":\"JOB_STATE_RUNNING\"}")
        .getBytes(StandardCharsets.UTF_8)).asOperation();
    assertThat(running.error()).isEmpty();
    assertThat(running.done()).isFalse();
  }

  @Test
  void aJobWhoseTypeUrlIsNotAStringHasNoViewAndTheErrorNamesIt() {
    Job job = Job.parse(("{" + NAME + "customJobs/6\",\"state\":\"JOB_STATE_RUNNING\",\"@type\":7}")
        .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(job::asOperation)
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("customJobs/6")
        .hasMessageContaining("@type");
  }

  @ParameterizedTest
  @MethodSource("jobs")
  void theViewsJsonIsBuiltOnceAndOnlyHandedOutAsACopy(String body) {
    Job job = Job.parse(body.getBytes(StandardCharsets.UTF_8));
    Operation view = job.asOperation();
    Operation read = Operation.fromJson(job.asOperation().json());

    assertThat(view.metadata().json()).isEqualTo(read.metadata().json());
    assertThat(view.metadata().hashCode()).isEqualTo(read.metadata().hashCode());
    assertThat(view.hashCode()).isEqualTo(read.hashCode());
    assertThat(view).isEqualTo(job.asOperation());
    String first = view.rawJson();
    ((ObjectNode) view.json()).put("name", "changed");
    ((ObjectNode) view.metadata().json()).put("createTime", "changed");
    ((ObjectNode) view.json().get("response")).put("state", "changed");
    assertThat(view.rawJson()).isEqualTo(first).isEqualTo(read.rawJson());
    assertThat(job.rawJson()).isEqualTo(body);
    assertThat(Job.fromView(view)).isSameAs(job);
  }

  @Test
  void aViewFirstReadOnManyThreadsGivesOneJsonText() throws Exception {
    String body = jobs().findFirst().orElseThrow();
    Operation read = Operation.fromJson(
        Job.parse(body.getBytes(StandardCharsets.UTF_8)).asOperation().json());
    String expected = read.rawJson() + read.metadata().json();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 200; round++) {
        Operation view = Job.parse(body.getBytes(StandardCharsets.UTF_8)).asOperation();
        List<Future<String>> texts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          texts.add(pool.submit(() -> view.rawJson() + view.metadata().json()));
        }
        for (Future<String> text : texts) {
          assertThat(text.get()).isEqualTo(expected);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
