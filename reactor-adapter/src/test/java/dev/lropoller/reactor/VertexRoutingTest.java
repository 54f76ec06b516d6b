package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.BudgetKey;
import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.model.DeployedModel;
import dev.lropoller.model.ResponseType;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.RecordedRequest;
import dev.lropoller.testing.emulator.VertexOperationScript;
import dev.lropoller.testing.emulator.VertexRpc;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One poller for every region, on the real stack: the emulator over TLS and h2 with three
 * locations, each on a port of its own, reached through the poller's per-location endpoint
 * overrides.
 */
class VertexRoutingTest {
  private static final Duration SAFETY = Duration.ofSeconds(30);
  private static final List<String> LOCATIONS = List.of("us-central1", "europe-west4", "asia-east1");

  private AutoMlEmulator emulator;
  private OperationPoller poller;
  private final List<CountingTcpFront> fronts = new ArrayList<>();

  @AfterEach
  void stop() {
    if (poller != null) {
      poller.close();
    }
    fronts.forEach(CountingTcpFront::close);
    if (emulator != null) {
      emulator.close();
    }
  }

  private AutoMlEmulator.Builder threeLocations() {
    AutoMlEmulator.Builder b = AutoMlEmulator.builder().tls(true);
    LOCATIONS.forEach(b::location);
    return b;
  }

  private GoogleOperationPoller.Builder vertex() {
    return GoogleOperationPoller.builder()
        .service(GoogleService.VERTEX_AI)
        .trustManager(emulator.certificate())
        .noCredentials()
        .policy(PollPolicy.fixed(Duration.ofMillis(10)).withJitter(0.0));
  }

  private String deploy(String location, int i, int polls) {
    return emulator.vertex().startOperation(VertexOperationScript.builder(VertexRpc.DEPLOY_MODEL,
        "projects/p/locations/" + location + "/endpoints/" + (100 + i)).doneAfterPolls(polls).build());
  }

  private static String locationOf(String path) {
    String rest = path.substring(path.indexOf("/locations/") + "/locations/".length());
    return rest.substring(0, rest.indexOf('/'));
  }

  @Test
  void eachRequestReachesItsLocationsEndpointOverTlsAndH2() {
    emulator = threeLocations().start();
    GoogleOperationPoller.Builder b = vertex();
    for (String l : LOCATIONS) {
      b.locationEndpoint(l, emulator.vertex().locationUri(l));
    }
    poller = b.build();
    List<String> names = new ArrayList<>();
    for (String l : LOCATIONS) {
      names.add(deploy(l, 0, 3));
    }

    List<String> deployed = Flux.fromIterable(names)
        .flatMap(n -> poller.result(n, ResponseType.DEPLOY_MODEL).map(DeployedModel::model))
        .collectList().block(SAFETY);

    assertThat(deployed).hasSize(3);
    List<RecordedRequest> requests = emulator.requests();
    assertThat(requests).hasSize(9);
    for (RecordedRequest r : requests) {
      String location = locationOf(r.path());
      assertThat(r.authority()).as(r.path())
          .isEqualTo("127.0.0.1:" + emulator.vertex().locationUri(location).getPort());
      assertThat(r.status()).isEqualTo(200);
    }
    assertThat(requests).extracting(r -> locationOf(r.path()))
        .containsOnly(LOCATIONS.toArray(String[]::new));
    assertThat(emulator.http2Requests()).isEqualTo(9);
    assertThat(emulator.handshakesFailed()).isZero();
  }

  @Test
  void atMostTwoConnectionsPerHostAndCloseLeavesNoneOpen() {
    // 5 streams per connection: 20 polls at once need more than a host's 2 connections.
    emulator = threeLocations().maxConcurrentStreams(5).start();
    GoogleOperationPoller.Builder b = vertex();
    for (String l : LOCATIONS) {
      CountingTcpFront front = new CountingTcpFront(emulator.vertex().locationUri(l));
      fronts.add(front);
      b.locationEndpoint(l, front.uri("https"));
    }
    poller = b.build();
    List<String> names = new ArrayList<>();
    for (String l : LOCATIONS) {
      for (int i = 0; i < 20; i++) {
        names.add(deploy(l, i, 4));
      }
    }

    Long done = Flux.fromIterable(names).flatMap(n -> poller.result(n, ResponseType.DEPLOY_MODEL), 60)
        .count().block(SAFETY);

    assertThat(done).isEqualTo(60);
    for (int i = 0; i < LOCATIONS.size(); i++) {
      String l = LOCATIONS.get(i);
      CountingTcpFront front = fronts.get(i);
      assertThat(front.accepted()).as("connections to %s", l).isBetween(1, 2);
      assertThat(emulator.requests()).filteredOn(r -> locationOf(r.path()).equals(l))
          .hasSize(80)
          .allSatisfy(r -> assertThat(r.authority()).isEqualTo("127.0.0.1:" + front.port()));
    }
    assertThat(fronts).as("the bound is reached: a host needed its second connection")
        .anySatisfy(f -> assertThat(f.accepted()).isEqualTo(2));
    assertThat(emulator.http2Requests()).isEqualTo(240);
    assertThat(fronts).allSatisfy(f -> assertThat(f.open()).isPositive());

    poller.close();

    awaitTrue(() -> fronts.stream().allMatch(f -> f.open() == 0));
    assertThat(fronts).allSatisfy(f -> assertThat(f.open()).isZero());
  }

  @Test
  void aLocationFirstSeenOnANonBlockingThreadIsRoutedWithoutBlocking() {
    emulator = threeLocations().start();
    GoogleOperationPoller.Builder b = vertex();
    for (String l : LOCATIONS) {
      b.locationEndpoint(l, emulator.vertex().locationUri(l));
    }
    poller = b.build();
    String name = deploy("asia-east1", 0, 2);

    // BlockHound fails any blocking call on a parallel thread: the route (client, TLS settings)
    // for the new location is made there, at the call.
    DeployedModel deployed = Mono.defer(() -> poller.result(name, ResponseType.DEPLOY_MODEL))
        .subscribeOn(Schedulers.parallel())
        .block(SAFETY);

    assertThat(deployed.id()).isNotEmpty();
    assertThat(emulator.requests()).extracting(RecordedRequest::authority).containsOnly(
        "127.0.0.1:" + emulator.vertex().locationUri("asia-east1").getPort());
  }

  @Test
  void anUnroutableLocationFailsAtTheCallWithNoTokenAndNoRequest() {
    emulator = threeLocations().start();
    AtomicInteger tokens = new AtomicInteger();
    poller = vertex()
        .tokenSource(new AccessTokenSource() {
          @Override
          public Mono<AccessToken> token() {
            tokens.incrementAndGet();
            return Mono.just(AccessToken.of("t", Instant.now().plusSeconds(3600)));
          }

          @Override
          public void invalidate(AccessToken rejected) {}
        })
        .locationEndpoint("us-central1", emulator.vertex().locationUri("us-central1"))
        .build();

    assertThatThrownBy(() -> poller.poll("projects/p/locations/US_EAST/operations/1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no endpoint for location \"US_EAST\" of \"projects/p/locations/US_EAST/operations/1\":"
            + " VERTEX_AI serves regions such as us-central1, global and us;"
            + " give one with locationEndpoint(\"US_EAST\", uri)");
    assertThatThrownBy(() -> poller.model("operations/abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no projects/{p}/locations/{l} to route by");
    assertThatThrownBy(() -> poller.list("projects/p/locations/a.b", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("location \"a.b\"");
    assertThatThrownBy(() -> poller.jobs().watch("projects/p/locations/US_EAST/trainingPipelines/7"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no endpoint for location \"US_EAST\"");
    assertThat(emulator.requestCount()).isZero();
    assertThat(tokens).hasValue(0);
  }

  @Test
  void jobsOfThreeLocationsAreWatchedEachAtItsLocationsEndpoint() {
    emulator = threeLocations().start();
    GoogleOperationPoller.Builder b = vertex();
    for (String l : LOCATIONS) {
      b.locationEndpoint(l, emulator.vertex().locationUri(l));
    }
    poller = b.build();
    List<String> names = new ArrayList<>();
    for (String l : LOCATIONS) {
      names.add(emulator.vertex().startJob(dev.lropoller.testing.emulator.JobScript.builder(
              dev.lropoller.testing.emulator.VertexJobKind.TRAINING_PIPELINE)
          .parent("projects/p/locations/" + l)
          .endsIn(dev.lropoller.testing.emulator.JobState.SUCCEEDED).build()));
    }

    Long done = Flux.fromIterable(names).flatMap(n -> poller.jobs().completion(n).thenReturn(n))
        .count().block(SAFETY);

    assertThat(done).isEqualTo(3);
    assertThat(emulator.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.authority())
        .isEqualTo("127.0.0.1:" + emulator.vertex().locationUri(locationOf(r.path())).getPort()));
    assertThat(emulator.requests()).extracting(r -> locationOf(r.path()))
        .containsOnly(LOCATIONS.toArray(String[]::new));
  }

  @Test
  void autoMlRoutesItsTwoLocationsAndRefusesTheRest() {
    emulator = AutoMlEmulator.builder().tls(true).location("eu").start();
    poller = GoogleOperationPoller.builder()
        .service(GoogleService.AUTOML)
        .locationEndpoint("eu", emulator.vertex().locationUri("eu"))
        .trustManager(emulator.certificate())
        .noCredentials()
        .policy(PollPolicy.fixed(Duration.ofMillis(10)))
        .build();
    String eu = emulator.startOperation(dev.lropoller.testing.emulator.OperationScript
        .builder(dev.lropoller.testing.emulator.AutoMlRpc.IMPORT_DATA)
        .parent("projects/p/locations/eu").doneAfterPolls(2).build());

    poller.completion(eu).block(SAFETY);

    assertThat(emulator.requests()).extracting(RecordedRequest::authority)
        .containsOnly("127.0.0.1:" + emulator.vertex().locationUri("eu").getPort());
    assertThatThrownBy(() -> poller.poll("projects/p/locations/europe-west4/operations/1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no endpoint for location \"europe-west4\"")
        .hasMessageContaining("AUTOML serves us-central1 and eu only");
  }

  @Test
  void theServiceSetsItsBudgetKeyAndTheBuilderRefusesMixedRouting() {
    assertThat(GoogleOperationPoller.builder().service(GoogleService.VERTEX_AI).noCredentials()
        .toString()).contains("service=VERTEX_AI", "budgetKey=PROJECT_AND_LOCATION");
    assertThat(GoogleOperationPoller.builder().service(GoogleService.VERTEX_AI)
        .budgetKey(BudgetKey.PROJECT).toString()).contains("budgetKey=PROJECT,");
    assertThat(GoogleOperationPoller.builder().toString())
        .contains("endpoint=https://automl.googleapis.com", "budgetKey=PROJECT,");

    assertThatThrownBy(() -> GoogleOperationPoller.builder().endpoint(URI.create("https://x.example"))
        .service(GoogleService.VERTEX_AI).noCredentials().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("endpoint(...) sends every request to one host, but service(VERTEX_AI)");
    assertThatThrownBy(() -> GoogleOperationPoller.builder()
        .locationEndpoint("us-central1", URI.create("https://x.example")).noCredentials().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[us-central1] but no service(...) routes by location");
    assertThatThrownBy(() -> GoogleOperationPoller.builder().service(GoogleService.VERTEX_AI)
        .locationEndpoint("eu", URI.create("http://proxy.example:8080")).noCredentials().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http://proxy.example:8080");
    assertThatThrownBy(() -> GoogleOperationPoller.builder()
        .locationEndpoint("eu", URI.create("https://x.example/v1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("endpoint of eu must not have a path, since /v1/{name} is appended to it:"
            + " https://x.example/v1");
    assertThatThrownBy(() -> GoogleOperationPoller.builder()
        .locationEndpoint("a/b", URI.create("https://x.example")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("location must be one name segment, such as us-central1: 'a/b'");
  }

  @Test
  void theServicesKnowTheirHosts() {
    Map<String, String> vertex = Map.of(
        "us-central1", "https://us-central1-aiplatform.googleapis.com",
        "europe-west4", "https://europe-west4-aiplatform.googleapis.com",
        "global", "https://aiplatform.googleapis.com",
        "us", "https://aiplatform.us.rep.googleapis.com");
    vertex.forEach((l, host) ->
        assertThat(GoogleService.VERTEX_AI.endpoint(l)).contains(URI.create(host)));
    assertThat(GoogleService.VERTEX_AI.endpoint("US_EAST")).isEmpty();
    assertThat(GoogleService.VERTEX_AI.endpoint("a.b")).isEmpty();
    assertThat(GoogleService.VERTEX_AI.endpoint("-x")).isEmpty();
    assertThat(GoogleService.AUTOML.endpoint("eu")).contains(URI.create("https://eu-automl.googleapis.com"));
    assertThat(GoogleService.AUTOML.endpoint("us-central1")).contains(URI.create("https://automl.googleapis.com"));
    assertThat(GoogleService.AUTOML.endpoint("europe-west4")).isEmpty();
    assertThat(GoogleService.VERTEX_AI.budgetKey()).isEqualTo(BudgetKey.PROJECT_AND_LOCATION);
    assertThat(GoogleService.AUTOML.budgetKey()).isEqualTo(BudgetKey.PROJECT);
  }

  /** Waits, bounded, for a condition that follows an asynchronous close. */
  private static void awaitTrue(BooleanSupplier condition) {
    Flux.interval(Duration.ofMillis(5), Schedulers.boundedElastic())
        .map(i -> condition.getAsBoolean())
        .filter(ok -> ok)
        .next()
        .timeout(Duration.ofSeconds(10), Mono.just(false))
        .block();
  }
}
