package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProgressionTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456789Z");
  private final MutableClock clock = new MutableClock(T0);
  private final AutoMlEmulator emulator = AutoMlEmulator.builder().clock(clock).start();
  private final TestHttp http = new TestHttp(emulator);

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void doneAfterPollsIsExact() {
    String name = emulator.startOperation(
        OperationScript.builder(AutoMlRpc.IMPORT_DATA).doneAfterPolls(4).build());
    for (int i = 1; i <= 3; i++) {
      clock.advance(Duration.ofSeconds(1));
      JsonNode op = http.op(name).json();
      assertThat(op.has("done")).as("poll %d", i).isFalse();
      assertThat(op.at("/metadata/progressPercent").asInt()).isEqualTo(25 * i);
      assertThat(emulator.doneAt(name)).isNull();
    }
    clock.advance(Duration.ofSeconds(1));
    JsonNode done = http.op(name).json();
    assertThat(done.get("done").asBoolean()).isTrue();
    assertThat(done.at("/response/@type").asText()).isEqualTo("type.googleapis.com/google.protobuf.Empty");
    assertThat(emulator.doneAt(name)).isEqualTo(Instant.parse("2024-05-01T10:00:04.123456Z"));
    assertThat(done.at("/metadata/updateTime").asText()).isEqualTo("2024-05-01T10:00:04.123456Z");
    assertThat(done.at("/metadata/createTime").asText()).isEqualTo("2024-05-01T10:00:00.123456Z");
    assertThat(emulator.pollCount(name)).isEqualTo(4);
  }

  @Test
  void timeBasedProgressAdvancesWithTheInjectedClock() {
    String name = emulator.startOperation(
        OperationScript.builder(AutoMlRpc.CREATE_MODEL).displayName("m").doneAfter(Duration.ofMinutes(10)).build());
    assertThat(emulator.doneAt(name)).isEqualTo(Instant.parse("2024-05-01T10:10:00.123456Z"));
    assertThat(http.op(name).json().has("done")).isFalse();

    clock.advance(Duration.ofMinutes(4));
    JsonNode mid = http.op(name).json();
    assertThat(mid.has("done")).isFalse();
    assertThat(mid.at("/metadata/progressPercent").asInt()).isEqualTo(40);
    assertThat(mid.at("/metadata/updateTime").asText()).isEqualTo("2024-05-01T10:04:00.123456Z");

    clock.advance(Duration.ofMinutes(7));
    JsonNode done = http.op(name).json();
    assertThat(done.get("done").asBoolean()).isTrue();
    assertThat(done.at("/response/displayName").asText()).isEqualTo("m");
    assertThat(done.at("/metadata/updateTime").asText()).isEqualTo("2024-05-01T10:10:00.123456Z");
  }

  @Test
  void failureCarriesCodeMessageAndDetails() {
    String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .doneAfterPolls(1)
        .failure(3, "Invalid training budget.",
            StatusDetails.badRequest("model.train_budget", "too small"),
            StatusDetails.errorInfo("BUDGET_TOO_LOW", "automl.googleapis.com", Map.of("min", "1000")))
        .build());
    JsonNode op = http.op(name).json();
    assertThat(op.get("done").asBoolean()).isTrue();
    assertThat(op.has("response")).isFalse();
    JsonNode err = op.get("error");
    assertThat(err.get("code").asInt()).isEqualTo(3);
    assertThat(err.get("message").asText()).isEqualTo("Invalid training budget.");
    assertThat(err.at("/details/0/@type").asText()).isEqualTo("type.googleapis.com/google.rpc.BadRequest");
    assertThat(err.at("/details/0/fieldViolations/0/field").asText()).isEqualTo("model.train_budget");
    assertThat(err.at("/details/1/reason").asText()).isEqualTo("BUDGET_TOO_LOW");
    assertThat(err.at("/details/1/metadata/min").asText()).isEqualTo("1000");
  }

  @Test
  void markDoneFailAndCustomResponse() {
    String never = emulator.startOperation(OperationScript.builder(AutoMlRpc.DEPLOY_MODEL).neverDone().build());
    assertThat(http.op(never).json().has("done")).isFalse();
    clock.advance(Duration.ofSeconds(5));
    assertThat(emulator.markDone(never)).isTrue();
    assertThat(emulator.markDone(never)).isFalse();
    assertThat(emulator.doneAt(never)).isEqualTo(Instant.parse("2024-05-01T10:00:05.123456Z"));

    String failing = emulator.startOperation(AutoMlRpc.EXPORT_MODEL);
    emulator.fail(failing, 13, "boom");
    assertThat(http.op(failing).json().at("/error/code").asInt()).isEqualTo(13);

    JsonNode custom = EmulatorJson.object().put("@type", "type.googleapis.com/google.cloud.automl.v1.Model").put("name", "x");
    String c = emulator.startOperation(
        OperationScript.builder(AutoMlRpc.CREATE_MODEL).doneAfterPolls(1).response(custom).build());
    assertThat(http.op(c).json().at("/response/name").asText()).isEqualTo("x");
  }

  @Test
  void vertexStyleDeeperParentsWork() {
    String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA)
        .parent("projects/p/locations/europe-west4/datasets/123").doneAfterPolls(1).build());
    assertThat(name).startsWith("projects/p/locations/europe-west4/datasets/123/operations/");
    assertThat(http.op(name).json().get("done").asBoolean()).isTrue();
  }

  @Test
  void programmaticMethodsRejectUnknownNames() {
    assertThatThrownBy(() -> emulator.markDone("projects/p/locations/l/operations/nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("operations/nope");
    assertThatThrownBy(() -> OperationScript.builder(AutoMlRpc.CREATE_MODEL).parent("a//b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
