package dev.lropoller.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.spring.test.AutoConfigureOperationEmulator;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.Fault;
import dev.lropoller.testing.emulator.OperationScript;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Each failed request of the sample application writes exactly one WARN line, whichever layer
 * writes it: the engine for a watch that gave up (504, and 503 after exhausted retries), the
 * starter's problem-details advice for the rest. The lines are caught by a Logback appender and
 * compared whole.
 */
@SpringBootTest(
    classes = TrainingApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "lropoller.poll.max-consecutive-failures=2",
      "lropoller.poll.max-attempts=4"
    })
@AutoConfigureOperationEmulator
class OneWarnLinePerFailureTest {
  private static final String PARENT = "projects/my-project/locations/us-central1";
  private static final String ADVICE = "WARN dev.lropoller.spring.LroProblemDetailsAdvice - ";
  private static final String ENGINE = "WARN dev.lropoller.internal.engine.PollingEngine - ";

  @Autowired AutoMlEmulator emulator;
  @LocalServerPort int port;
  WebTestClient client;
  CapturedLogs logs;

  @BeforeEach
  void start() {
    client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(20)).build();
    logs = CapturedLogs.start();
  }

  @AfterEach
  void stop() {
    logs.close();
  }

  private String training(OperationScript.Builder script) {
    return emulator.startOperation(script.parent(PARENT).build());
  }

  /** The WARN lines written while the model of {@code name} is asked for and answers {@code status}. */
  private List<String> warnLinesOfModelRequest(String name, int status) {
    logs.clear();
    client.get().uri("/trainings/{id}/model", name.substring(name.lastIndexOf('/') + 1))
        .exchange().expectStatus().isEqualTo(status);
    List<String> lines = logs.warnOrAbove();
    lines.forEach(l -> System.out.println("[" + status + "] " + l));
    return lines;
  }

  @Test
  void notFoundIs404AndOneWarnLineFromTheStarter() {
    String name = PARENT + "/operations/ICN0000000000000000404";

    assertThat(warnLinesOfModelRequest(name, 404)).containsExactly(ADVICE
        + "404 Operation not found (OperationNotFoundException): HTTP 404 NOT_FOUND for " + name
        + ": Operation not found: " + name + " (reason NOT_FOUND)");
  }

  @Test
  void failedOperationIs422AndOneWarnLineFromTheStarter() {
    String name = training(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .failure(9, "Training budget exhausted").doneAfterPolls(2));

    assertThat(warnLinesOfModelRequest(name, 422)).containsExactly(ADVICE
        + "422 Operation failed (OperationFailedException): operation " + name
        + " failed: FAILED_PRECONDITION: Training budget exhausted");
  }

  @Test
  void refusedPollIs502AndOneWarnLineFromTheStarter() {
    String name = training(OperationScript.builder(AutoMlRpc.CREATE_MODEL).doneAfterPolls(3));
    emulator.faults().next(1, Fault.status(403));

    assertThat(warnLinesOfModelRequest(name, 502)).containsExactly(ADVICE
        + "502 Bad Gateway (ApiCallException): HTTP 403 PERMISSION_DENIED for " + name
        + ": Injected error 403. (reason PERMISSION_DENIED)");
  }

  @Test
  void exhaustedRetriesAre503AndOneWarnLineFromTheEngine() {
    String name = training(OperationScript.builder(AutoMlRpc.CREATE_MODEL).doneAfterPolls(3));
    emulator.faults().next(2, Fault.status(503));

    assertThat(warnLinesOfModelRequest(name, 503)).containsExactly(ENGINE
        + "2 consecutive transient failures watching " + name
        + "; last: HTTP 503 UNAVAILABLE: The service is currently unavailable.");
  }

  @Test
  void spentAttemptsAre504AndOneWarnLineFromTheEngine() {
    String name = training(OperationScript.builder(AutoMlRpc.CREATE_MODEL).neverDone());

    List<String> lines = warnLinesOfModelRequest(name, 504);

    assertThat(lines).hasSize(1);
    // The elapsed time varies from run to run; the rest of the line is fixed.
    assertThat(lines.get(0)).matches(Pattern.quote(ENGINE + "gave up watching " + name
        + " after 4 poll(s) in ") + "PT[0-9.]+S"
        + Pattern.quote(": all 4 attempts used; the operation may still be running"));
  }
}
