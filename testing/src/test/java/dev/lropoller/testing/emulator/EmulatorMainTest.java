package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmulatorMainTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  @Test
  void defaultsAreDocumented() {
    EmulatorOptions o = EmulatorOptions.parse();
    assertThat(o.port).isEqualTo(9090);
    assertThat(o.script.doneAfterPolls()).contains(3);
    assertThat(o.script.fails()).isFalse();
    assertThat(o.script.kind()).isEqualTo(AutoMlRpc.CREATE_MODEL);
    assertThat(o.script.parent()).isEqualTo(OperationScript.DEFAULT_PARENT);
    assertThat(o.faults).isEmpty();
    assertThat(o.start).isZero();
    assertThat(o.workers).isEqualTo(2);
    assertThat(o.requireToken).isFalse();
  }

  @Test
  void readsEveryFlag() {
    EmulatorOptions o = EmulatorOptions.parse(
        "--port", "0", "--done-after-polls", "7", "--failure", "3:Invalid CSV: line 7",
        "--kind", "import-data", "--parent=projects/p9/locations/eu", "--start", "4",
        "--fault", "503:0.01", "--fault", "reset:0.005", "--fault", "429:0.005",
        "--fault", "429=2s:0.5", "--fault", "latency=250ms:1", "--fault", "TRUNCATED:0",
        "--fault", "html:0.1", "--fault", "oversized:0.2",
        "--fault-seed", "42", "--fault-all-routes", "--require-token", "--workers", "4",
        "--log-capacity", "0");
    assertThat(o.port).isZero();
    assertThat(o.script.doneAfterPolls()).contains(7);
    assertThat(o.script.fails()).isTrue();
    assertThat(o.script.errorOrNull().get("code").asInt()).isEqualTo(3);
    assertThat(o.script.errorOrNull().get("message").asText()).isEqualTo("Invalid CSV: line 7");
    assertThat(o.script.kind()).isEqualTo(AutoMlRpc.IMPORT_DATA);
    assertThat(o.script.parent()).isEqualTo("projects/p9/locations/eu");
    assertThat(o.start).isEqualTo(4);
    assertThat(o.faults).extracting(f -> f.fault().type(), EmulatorOptions.FaultRate::rate).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Fault.Type.STATUS, 0.01),
        org.assertj.core.groups.Tuple.tuple(Fault.Type.CONNECTION_RESET, 0.005),
        org.assertj.core.groups.Tuple.tuple(Fault.Type.STATUS, 0.005),
        org.assertj.core.groups.Tuple.tuple(Fault.Type.STATUS, 0.5),
        org.assertj.core.groups.Tuple.tuple(Fault.Type.LATENCY, 1.0),
        org.assertj.core.groups.Tuple.tuple(Fault.Type.TRUNCATED_BODY, 0.0),
        org.assertj.core.groups.Tuple.tuple(Fault.Type.HTML_BODY, 0.1),
        org.assertj.core.groups.Tuple.tuple(Fault.Type.OVERSIZED_BODY, 0.2));
    assertThat(o.faults.get(0).fault().httpStatus()).isEqualTo(503);
    assertThat(o.faults.get(2).fault().httpStatus()).isEqualTo(429);
    assertThat(o.faults.get(3).fault().duration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.faults.get(4).fault().duration()).isEqualTo(Duration.ofMillis(250));
    assertThat(o.faultSeed).isEqualTo(42L);
    assertThat(o.faultAllRoutes).isTrue();
    assertThat(o.requireToken).isTrue();
    assertThat(o.workers).isEqualTo(4);
    assertThat(o.logCapacity).isZero();
  }

  @Test
  void quotaFlagsReachTheEmulator() {
    EmulatorOptions none = EmulatorOptions.parse();
    assertThat(none.quotaPerMinute).isZero();
    assertThat(none.projectQuotas).isEmpty();
    EmulatorOptions o = EmulatorOptions.parse("--port", "0", "--quota-per-minute", "2",
        "--project-quota", "big=3", "--project-quota=small=1");
    assertThat(o.quotaPerMinute).isEqualTo(2);
    assertThat(o.projectQuotas).containsOnly(
        org.assertj.core.api.Assertions.entry("big", 3), org.assertj.core.api.Assertions.entry("small", 1));
    int status = EmulatorMain.run(new String[] {"--port", "0", "--quota-per-minute", "2", "--project-quota",
        "big=3"}, out, err, emulator -> {
          TestHttp http = new TestHttp(emulator);
          String other = emulator.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA)
              .parent("projects/other/locations/l").neverDone().build());
          String big = emulator.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA)
              .parent("projects/big/locations/l").neverDone().build());
          assertThat(List.of(http.op(other).status(), http.op(other).status(), http.op(other).status()))
              .containsExactly(200, 200, 429);
          assertThat(List.of(http.op(big).status(), http.op(big).status(), http.op(big).status(),
              http.op(big).status())).containsExactly(200, 200, 200, 429);
          assertThat(emulator.quotaRejections()).isEqualTo(2);
        });
    assertThat(status).isZero();
    assertThat(outBytes.toString(StandardCharsets.UTF_8))
        .contains("quota: 2 requests per minute per project; {big=3}");
  }

  @Test
  void timeBasedAndNeverDoneScripts() {
    assertThat(EmulatorOptions.parse("--done-after", "5m").script.doneAfter()).contains(Duration.ofMinutes(5));
    assertThat(EmulatorOptions.parse("--done-after", "PT1.5S").script.doneAfter()).contains(Duration.ofMillis(1500));
    EmulatorOptions never = EmulatorOptions.parse("--never-done");
    assertThat(never.script.doneAfter()).isEmpty();
    assertThat(never.script.doneAfterPolls()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--port 70000          | --port needs an integer in 0..65535, got \"70000\"",
      "--port nine           | --port needs an integer in 0..65535, got \"nine\"",
      "--port                | --port needs a value",
      "--done-after-polls 0  | --done-after-polls needs an integer in 1..2147483647, got \"0\"",
      "--done-after 5 years  | --done-after needs a duration such as 250ms, 30s, 5m, 2h or PT1M, got \"5\"",
      "--done-after 0s       | --done-after needs a positive duration, got \"0s\"",
      "--failure 17:boom     | --failure code needs an integer in 1..16, got \"17\"",
      "--kind TRAIN          | --kind needs one of CREATE_DATASET, DELETE_DATASET, IMPORT_DATA, EXPORT_DATA, CREATE_MODEL, DELETE_MODEL, DEPLOY_MODEL, UNDEPLOY_MODEL, EXPORT_MODEL, BATCH_PREDICT, got \"TRAIN\"",
      "--parent a//b         | --parent needs slash-separated segments such as projects/p/locations/l, got \"a//b\"",
      "--fault 503           | --fault needs SPEC:RATE such as 503:0.01 or reset:0.005, got \"503\"",
      "--fault 503:2         | --fault rate must be a number in [0, 1], got \"2\" in \"503:2\"",
      "--fault 503:often     | --fault rate must be a number in [0, 1], got \"often\" in \"503:often\"",
      "--fault 200:0.1       | --fault needs an HTTP status 400..599, 429=DURATION, reset, truncated, html, oversized or latency=DURATION before the rate, got \"200:0.1\"",
      "--fault hiccup:0.1    | --fault needs an HTTP status 400..599, 429=DURATION, reset, truncated, html, oversized or latency=DURATION before the rate, got \"hiccup:0.1\"",
      "--fault latency=x:0.1 | --fault latency needs a duration such as 250ms, 30s, 5m, 2h or PT1M, got \"x\"",
      "--fault-seed x        | --fault-seed needs an integer, got \"x\"",
      "--workers 0           | --workers needs an integer in 1..256, got \"0\"",
      "--quota-per-minute 0  | --quota-per-minute needs an integer in 1..2147483647, got \"0\"",
      "--quota-per-minute x  | --quota-per-minute needs an integer in 1..2147483647, got \"x\"",
      "--project-quota p1    | --project-quota needs PROJECT=N such as my-project=600, got \"p1\"",
      "--project-quota =5    | --project-quota needs PROJECT=N such as my-project=600, got \"=5\"",
      "--project-quota a/b=5 | --project-quota needs PROJECT=N such as my-project=600, got \"a/b=5\"",
      "--project-quota p1=-1 | --project-quota p1 needs an integer in 1..2147483647, got \"-1\"",
      "--verbose 1           | unknown option \"--verbose\"",
      "9090                  | unexpected argument \"9090\""})
  void rejectsBadInputQuotingIt(String line, String message) {
    String[] args = line.trim().split(" ");
    assertThatThrownBy(() -> EmulatorOptions.parse(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void badInputExitsWithStatus2AndTheUsage() {
    int status = EmulatorMain.run(new String[] {"--port", "nine"}, out, err, e -> {
      throw new AssertionError("must not start");
    });
    assertThat(status).isEqualTo(2);
    assertThat(errBytes.toString(StandardCharsets.UTF_8))
        .startsWith("lro-poller-emulator: --port needs an integer in 0..65535, got \"nine\"\n")
        .contains("usage: java -jar lro-poller-emulator.jar [options]");
    assertThat(outBytes.size()).isZero();
  }

  @Test
  void helpPrintsTheUsageAndExits0() {
    int status = EmulatorMain.run(new String[] {"--help"}, out, err, e -> {
      throw new AssertionError("must not start");
    });
    assertThat(status).isZero();
    assertThat(outBytes.toString(StandardCharsets.UTF_8))
        .startsWith("usage: java -jar lro-poller-emulator.jar [options]")
        .contains("--fault SPEC:RATE", "--done-after-polls N", "listening on http://127.0.0.1:PORT");
    assertThat(errBytes.size()).isZero();
  }

  @Test
  void aPortInUseExitsWithStatus1() {
    try (AutoMlEmulator taken = AutoMlEmulator.start()) {
      int status = EmulatorMain.run(new String[] {"--port", String.valueOf(taken.port())}, out, err, e -> {
        throw new AssertionError("must not serve");
      });
      assertThat(status).isEqualTo(1);
      assertThat(errBytes.toString(StandardCharsets.UTF_8))
          .startsWith("lro-poller-emulator: cannot listen on 127.0.0.1:" + taken.port() + ": ");
    }
  }

  @Test
  void servesOnAnEphemeralPortAnnouncesItAndClosesAfterwards() {
    AtomicReference<AutoMlEmulator> served = new AtomicReference<>();
    List<String> seen = new ArrayList<>();
    int status = EmulatorMain.run(
        new String[] {"--port", "0", "--done-after-polls", "2", "--failure", "3:Invalid CSV at line 7",
            "--fault", "503:1", "--fault-seed", "1", "--start", "2", "--parent", "projects/seeded/locations/l"},
        out, err, emulator -> {
          served.set(emulator);
          String ready = "listening on http://127.0.0.1:" + emulator.port();
          assertThat(outBytes.toString(StandardCharsets.UTF_8)).endsWith(ready + "\n");

          TestHttp http = new TestHttp(emulator);
          // Faults hit operation polls only, so the RPC route answers; with rate 1 every poll fails.
          TestHttp.Resp started = http.post(
              "/v1/projects/p1/locations/us-central1/datasets/ICN1:importData", "{}");
          assertThat(started.status()).isEqualTo(200);
          String name = started.json().get("name").asText();
          assertThat(name).startsWith("projects/p1/locations/us-central1/operations/ICN");
          assertThat(http.op(name).status()).isEqualTo(503);
          emulator.faults().clear();

          JsonNode first = http.op(name).json();
          assertThat(first.path("done").asBoolean()).isFalse();
          JsonNode second = http.op(name).json();
          assertThat(second.get("done").asBoolean()).isTrue();
          assertThat(second.at("/error/code").asInt()).isEqualTo(3);
          assertThat(second.at("/error/message").asText()).isEqualTo("Invalid CSV at line 7");
          assertThat(second.at("/metadata/importDataDetails").isObject()).isTrue();

          JsonNode listed = http.get("/v1/projects/seeded/locations/l/operations").json();
          assertThat(listed.get("operations")).hasSize(2);
          listed.get("operations").forEach(op -> seen.add(op.get("name").asText()));
        });
    assertThat(status).isZero();
    assertThat(seen).allMatch(n -> n.startsWith("projects/seeded/locations/l/operations/ICN"));
    assertThat(served.get().toString()).contains("closed");
    assertThat(outBytes.toString(StandardCharsets.UTF_8))
        .contains("operations: OperationScript[CREATE_MODEL under projects/seeded/locations/l, after 2 polls, failure 3]; started 2")
        .contains("faults: ");
    assertThat(errBytes.size()).isZero();
  }
}
