package dev.lropoller.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.Aiming;
import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import dev.lropoller.WatchOutcome;
import dev.lropoller.error.OperationCancelledException;
import dev.lropoller.error.OperationFailedException;
import dev.lropoller.micrometer.MicrometerPollListener;
import dev.lropoller.model.DeployedModel;
import dev.lropoller.model.Job;
import dev.lropoller.model.ModelRef;
import dev.lropoller.model.ModelVersion;
import dev.lropoller.model.ResponseType;
import dev.lropoller.model.UploadedModel;
import dev.lropoller.reactor.GoogleOperationPoller;
import dev.lropoller.reactor.GoogleService;
import dev.lropoller.testing.FakeOperationsTransport;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.Fault;
import dev.lropoller.testing.emulator.JobScript;
import dev.lropoller.testing.emulator.JobState;
import dev.lropoller.testing.emulator.OperationScript;
import dev.lropoller.testing.emulator.VertexJobKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Holds every code sample of README.md, run for real, so the README cannot drift from the API.
 * When a sample changes here, change README.md the same way.
 */
class ReadmeSnippetsTest {
  private static final String NAME = "projects/my-project/locations/us-central1/operations/ICN123";

  @Test
  void quickStartBuildsAPollerForGoogle() {
    // README: Quick start (the default endpoint and Application Default Credentials, looked up
    // lazily at the first request, so building needs no credentials on this machine).
    OperationPoller poller = GoogleOperationPoller.builder()
        .policy(PollPolicy.defaults().withTimeout(Duration.ofHours(6)))
        .build();

    assertThat(poller.policy().timeout()).isEqualTo(Duration.ofHours(6));
    assertThat(poller.toString()).doesNotContain("Bearer");
  }

  @Test
  void manyOperationsSharesOnePollerUnderAProjectBudget() {
    // README: Many operations.
    OperationPoller poller = GoogleOperationPoller.builder()
        .maxRequestsPerMinute(600)        // per project: AutoML's published default quota
        .build();                         // maxInFlight: 200 over HTTP/2, 256 over HTTP/1.1

    assertThat(poller.isClosed()).isFalse();
    poller.close();
    assertThat(poller.isClosed()).isTrue();
  }

  @Test
  void vertexAiRoutesEveryRegionFromOnePoller() {
    // README: Vertex AI (building and calling send nothing: the Monos are not subscribed).
    OperationPoller poller = GoogleOperationPoller.builder()
        .service(GoogleService.VERTEX_AI)    // the host follows each name's locations/{l}
        .maxRequestsPerMinute(600)           // per project and location: Vertex AI's quota
        .locationEndpoint("europe-west4", URI.create("https://vertex-psc.internal.example"))
        .build();

    Mono<UploadedModel> uploaded = poller.result(
        "projects/my-project/locations/us-central1/models/flowers/operations/6789012345678901234",
        ResponseType.UPLOAD_MODEL);
    Mono<DeployedModel> deployed = poller.result(
        "projects/my-project/locations/europe-west4/endpoints/4567/operations/8901234567890123456",
        ResponseType.DEPLOY_MODEL);

    assertThat(List.of(uploaded, deployed)).doesNotContainNull();
    assertThat(poller.toString()).contains("maxRequestsPerMinute=600, per project and location");
    assertThatThrownBy(() -> poller.poll("projects/my-project/locations/US_EAST/operations/1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"US_EAST\"");
    poller.close();
  }

  @Test
  void vertexJobsAreWatchedByState() {
    try (AutoMlEmulator emulator = AutoMlEmulator.start()) {
      String parent = "projects/my-project/locations/us-central1";
      String pipelineName = emulator.vertex().startJob(JobScript.builder(
          VertexJobKind.TRAINING_PIPELINE).parent(parent).endsIn(JobState.SUCCEEDED).build());
      String customJobName = emulator.vertex().startJob(JobScript.builder(
          VertexJobKind.CUSTOM_JOB).parent(parent).step(JobState.RUNNING, 1_000_000)
          .last(JobState.SUCCEEDED).build());
      OperationPoller poller = GoogleOperationPoller.builder()
          .endpoint(emulator.baseUri())
          .noCredentials()
          .policy(PollPolicy.fixed(Duration.ofMillis(20)))
          .build();

      // README: Vertex AI jobs and pipelines, watched by state.
      Flux<Job> snapshots = poller.jobs().watch(pipelineName);
      Mono<ModelVersion> model = poller.jobs().trainedModel(pipelineName);
      Mono<Void> done = poller.jobs().completion(customJobName);
      Mono<Void> cancel = poller.jobs().cancel(customJobName);

      StepVerifier.create(snapshots.map(Job::state))
          .expectNextCount(3).expectNext(dev.lropoller.model.JobState.SUCCEEDED)
          .expectComplete().verify(Duration.ofSeconds(10));
      StepVerifier.create(model)
          .assertNext(m -> assertThat(m.versionId()).isEqualTo("1"))
          .expectComplete().verify(Duration.ofSeconds(10));
      StepVerifier.create(done)
          .then(() -> cancel.block(Duration.ofSeconds(10)))
          .expectError(OperationCancelledException.class)
          .verify(Duration.ofSeconds(10));
      poller.close();
    }
  }

  @Test
  void quickStartAgainstTheEmulator() {
    try (AutoMlEmulator emulator = AutoMlEmulator.start()) {
      String training = emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
          .displayName("flowers_v1").doneAfterPolls(3).build());
      String importing = emulator.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA)
          .doneAfterPolls(2).build());
      OperationPoller poller = GoogleOperationPoller.builder()
          .endpoint(emulator.baseUri())
          .noCredentials()
          .policy(PollPolicy.fixed(Duration.ofMillis(20)))
          .build();
      List<String> lines = new CopyOnWriteArrayList<>();

      // README: Quick start — progress, a typed model, a completion.
      poller.poll(training)
          .doOnNext(op -> lines.add(op.id() + " " + op.progressPercent().orElse(0) + "%"))
          .blockLast(Duration.ofSeconds(10));
      Mono<ModelRef> model = poller.model(training);
      Mono<Void> imported = poller.completion(importing);

      assertThat(lines).hasSize(3).last().asString().endsWith(" 100%");
      assertThat(model.block(Duration.ofSeconds(10)).displayName()).isEqualTo("flowers_v1");
      assertThat(imported.blockOptional(Duration.ofSeconds(10))).isEmpty();
    }
  }

  @Test
  void http2WithAPrivateCaAgainstTheTlsEmulator() {
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().tls(true).start()) {
      java.security.cert.X509Certificate privateCaCertificate = emulator.certificate();
      String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA)
          .doneAfterPolls(2).build());

      // README: HTTP/2 and TLS (the emulator's address instead of a private host; no token).
      OperationPoller poller = GoogleOperationPoller.builder()
          .endpoint(emulator.baseUri())
          .noCredentials()
          .policy(PollPolicy.fixed(Duration.ofMillis(20)))
          .trustManager(privateCaCertificate)   // keeps the builder's pool and HTTP/2
          .build();

      assertThat(poller.completion(name).blockOptional(Duration.ofSeconds(20))).isEmpty();
      assertThat(emulator.http2Requests()).isEqualTo(2);
      poller.close();
    }
  }

  @Test
  void aimingIsAnOptInPartOfThePolicy() {
    // README: PollPolicy — Aiming (opt-in).
    PollPolicy aimed = PollPolicy.defaults().withAiming(Aiming.defaults()
        .withHistorySeed("CREATE_MODEL", Duration.ofMinutes(40), Duration.ofMinutes(90)));

    assertThat(PollPolicy.defaults().aiming()).isNull();
    assertThat(aimed.aiming().historySeed("CREATE_MODEL"))
        .containsExactly(Duration.ofMinutes(40), Duration.ofMinutes(90));
    assertThat(aimed.aiming().minInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(aimed.aiming().maxInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(aimed.withAiming(null)).isEqualTo(PollPolicy.defaults());
  }

  @Test
  void virtualTimeTestWithTheFakeTransport() {
    // README: Testing your code — the fake transport under virtual time.
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    FakeOperationsTransport fake = new FakeOperationsTransport(vts);
    fake.script(NAME).running(10).httpError(503).running(60).doneWithModel("flowers_v1");
    OperationPoller poller = OperationPoller.builder(fake).scheduler(vts).build();

    StepVerifier.withVirtualTime(() -> poller.model(NAME), () -> vts, Long.MAX_VALUE)
        .thenAwait(Duration.ofMinutes(2))
        .assertNext(model -> assertThat(model.displayName()).isEqualTo("flowers_v1"))
        .verifyComplete();
    assertThat(fake.count(FakeOperationsTransport.Kind.GET)).isEqualTo(4);
  }

  @Test
  void emulatorInAnIntegrationTest() {
    // README: Testing your code — the emulator in a JUnit test.
    try (AutoMlEmulator emulator = AutoMlEmulator.start()) {
      String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA)
          .parent("projects/my-project/locations/us-central1")  // default: projects/demo-project/...
          .failure(3, "Invalid CSV at line 7").doneAfterPolls(2).build());
      emulator.faults().next(2, Fault.status(503));
      OperationPoller poller = GoogleOperationPoller.builder()
          .endpoint(emulator.baseUri())
          .noCredentials()
          .policy(PollPolicy.fixed(Duration.ofMillis(10)))
          .build();

      StepVerifier.create(poller.completion(name))
          .expectErrorSatisfies(e -> assertThat(((OperationFailedException) e).status().message())
              .isEqualTo("Invalid CSV at line 7"))
          .verify(Duration.ofSeconds(10));
      assertThat(emulator.faultsInjected()).isEqualTo(2);
    }
  }

  @Test
  void listenerHearsAWatchGiveUp() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    FakeOperationsTransport fake = new FakeOperationsTransport(vts);
    fake.script(NAME).running(10);

    // README: Observability — the listener.
    List<String> gaveUp = new CopyOnWriteArrayList<>();
    PollListener alerts = new PollListener() {
      @Override
      public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
        if (outcome == WatchOutcome.TIMEOUT || outcome == WatchOutcome.RETRIES_EXHAUSTED) {
          gaveUp.add(name + ": " + outcome + " after " + attempts + " polls");
        }
      }
    };
    OperationPoller poller = OperationPoller.builder(fake).scheduler(vts).listener(alerts)
        .policy(PollPolicy.fixed(Duration.ofMinutes(1)).withMaxAttempts(3))
        .build();

    StepVerifier.withVirtualTime(() -> poller.model(NAME), () -> vts, Long.MAX_VALUE)
        .thenAwait(Duration.ofMinutes(5))
        .verifyError(dev.lropoller.error.PollTimeoutException.class);
    assertThat(gaveUp).containsExactly(NAME + ": TIMEOUT after 3 polls");
  }

  @Test
  void micrometerMetersAWatchAgainstTheEmulator() {
    // README: Observability — Micrometer (Application Default Credentials are looked up lazily).
    MeterRegistry registry = new SimpleMeterRegistry();   // in a service: the application's registry
    MicrometerPollListener metrics = MicrometerPollListener.create(registry);
    OperationPoller poller = GoogleOperationPoller.builder()
        .listener(metrics)
        .build();

    assertThat(poller.isClosed()).isFalse();
    assertThat(registry.get("lropoller.watches.active").gauge().value()).isZero();
    try (AutoMlEmulator emulator = AutoMlEmulator.start()) {
      String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
          .doneAfterPolls(3).build());
      emulator.faults().next(1, Fault.status(503));
      OperationPoller onEmulator = GoogleOperationPoller.builder()
          .endpoint(emulator.baseUri())
          .noCredentials()
          .listener(metrics)
          .policy(PollPolicy.fixed(Duration.ofMillis(10)))
          .build();

      StepVerifier.create(onEmulator.model(name))
          .then(() -> assertThat(registry.get("lropoller.watches.active").gauge().value()).isEqualTo(1.0))
          .expectNextCount(1)
          .verifyComplete();
      assertThat(registry.get("lropoller.polls").tags("outcome", "running").counter().count()).isEqualTo(2.0);
      assertThat(registry.get("lropoller.polls").tags("outcome", "transient_failure", "cause", "http_5xx")
          .counter().count()).isEqualTo(1.0);
      assertThat(registry.get("lropoller.polls").tags("outcome", "done").counter().count()).isEqualTo(1.0);
      assertThat(registry.get("lropoller.poll.latency").timers()).allSatisfy(t -> assertThat(t.count()).isPositive());
      assertThat(registry.get("lropoller.retries").tags("cause", "http_5xx").counter().count()).isEqualTo(1.0);
      assertThat(registry.get("lropoller.watches.ended").tags("outcome", "done").counter().count()).isEqualTo(1.0);
      assertThat(registry.get("lropoller.watches.active").gauge().value()).isZero();
    }
  }
}
