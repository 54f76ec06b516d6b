package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class OperationRoutesTest {
  private final VirtualTimeScheduler timer = VirtualTimeScheduler.create();
  private final AutoMlEmulator emulator = AutoMlEmulator.builder().timer(timer).start();
  private final TestHttp http = new TestHttp(emulator);

  @AfterEach
  void stop() {
    emulator.close();
    timer.dispose();
  }

  @Test
  void cancelEndsTheOperationWithCodeOne() {
    String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL).neverDone().build());
    TestHttp.Resp r = http.post("/v1/" + name + ":cancel", "{}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}");
    JsonNode op = http.op(name).json();
    assertThat(op.get("done").asBoolean()).isTrue();
    assertThat(op.at("/error/code").asInt()).isEqualTo(1);
    assertThat(emulator.doneAt(name)).isNotNull();
  }

  @Test
  void cancelOfADoneOperationChangesNothing() {
    String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.DEPLOY_MODEL).doneAfterPolls(1).build());
    http.op(name);
    http.post("/v1/" + name + ":cancel", "{}");
    assertThat(http.op(name).json().has("error")).isFalse();
  }

  @Test
  void deleteForgetsWithoutCancelling() {
    String name = emulator.startOperation(AutoMlRpc.DELETE_MODEL);
    TestHttp.Resp r = http.delete("/v1/" + name);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}");
    assertThat(http.op(name).status()).isEqualTo(404);
    assertThat(http.delete("/v1/" + name).status()).isEqualTo(404);
  }

  @Test
  void unknownOperationIsAip193NotFound() {
    TestHttp.Resp r = http.op("projects/p/locations/l/operations/ICN404");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.headers().get("Content-Type")).startsWith("application/json");
    JsonNode e = r.json().get("error");
    assertThat(e.get("code").asInt()).isEqualTo(404);
    assertThat(e.get("status").asText()).isEqualTo("NOT_FOUND");
    assertThat(e.get("message").asText()).isNotEmpty();
    assertThat(e.at("/details/0/@type").asText()).isEqualTo("type.googleapis.com/google.rpc.ErrorInfo");
    assertThat(e.at("/details/0/domain").asText()).isEqualTo("automl.googleapis.com");
    assertThat(e.at("/details/0/reason").asText()).isNotEmpty();
    assertThat(e.at("/details/0/metadata").isObject()).isTrue();
    assertThat(http.post("/v1/projects/p/locations/l/operations/ICN404:cancel", "{}").status()).isEqualTo(404);
  }

  @Test
  void listPagesInCreationOrderAndFilters() {
    String parent = "projects/list/locations/us-central1";
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      names.add(emulator.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA).parent(parent).neverDone().build()));
    }
    emulator.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA).parent("projects/other/locations/x").build());
    emulator.markDone(names.get(1));
    emulator.markDone(names.get(4));

    List<String> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      JsonNode page = http.get("/v1/" + parent + "/operations?pageSize=3" + (token.isEmpty() ? "" : "&pageToken=" + token)).json();
      page.get("operations").forEach(op -> seen.add(op.get("name").asText()));
      token = page.path("nextPageToken").asText("");
      pages++;
    } while (!token.isEmpty());
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(names);

    JsonNode done = http.get("/v1/" + parent + "/operations?filter=done%3Dtrue").json();
    assertThat(done.get("operations")).extracting(n -> n.get("name").asText()).containsExactly(names.get(1), names.get(4));
    assertThat(done.has("nextPageToken")).isFalse();
    JsonNode running = http.get("/v1/" + parent + "/operations?filter=done%3Dfalse&pageSize=10").json();
    assertThat(running.get("operations")).hasSize(5);
    assertThat(http.get("/v1/" + parent + "/operations?filter=foo%3Dbar").status()).isEqualTo(400);
    assertThat(http.get("/v1/" + parent + "/operations?pageToken=%21%21").status()).isEqualTo(400);
  }

  @Test
  void waitReturnsWhenTheOperationCompletes() throws Exception {
    String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL).neverDone().build());
    CompletableFuture<TestHttp.Resp> waiting = http.call("POST", "/v1/" + name + ":wait", "{\"timeout\":\"30s\"}").toFuture();
    awaitPendingWait();
    emulator.markDone(name);
    TestHttp.Resp r = waiting.get(10, TimeUnit.SECONDS);
    assertThat(r.json().get("done").asBoolean()).isTrue();
    assertThat(r.json().at("/response/@type").asText()).endsWith("google.cloud.automl.v1.Model");
  }

  @Test
  void waitReturnsTheRunningOperationWhenTheTimeoutPasses() throws Exception {
    String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL).neverDone().build());
    CompletableFuture<TestHttp.Resp> waiting = http.call("POST", "/v1/" + name + ":wait", "{\"timeout\":\"30s\"}").toFuture();
    awaitPendingWait();
    timer.advanceTimeBy(Duration.ofSeconds(29));
    assertThat(waiting).isNotDone();
    timer.advanceTimeBy(Duration.ofSeconds(1));
    TestHttp.Resp r = waiting.get(10, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().has("done")).isFalse();
  }

  @Test
  void waitWithZeroTimeoutAnswersAtOnce() {
    String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL).neverDone().build());
    StepVerifier.create(http.call("POST", "/v1/" + name + ":wait", "{\"timeout\":\"0s\"}"))
        .assertNext(r -> assertThat(r.json().get("name").asText()).isEqualTo(name))
        .expectComplete()
        .verify(TestHttp.SAFETY);
  }

  private void awaitPendingWait() {
    long deadline = System.nanoTime() + TestHttp.SAFETY.toNanos();
    while (emulator.pendingWaits() == 0) {
      assertThat(System.nanoTime()).as("wait registered").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
