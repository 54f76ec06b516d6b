package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.ApiCallException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.micrometer.MicrometerPollListener;
import dev.lropoller.model.ModelRef;
import dev.lropoller.reactor.GoogleOperationPoller;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import dev.lropoller.testing.emulator.RecordedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/** Every condition and property of {@link LroPollerAutoConfiguration}, in plain contexts. */
class LroPollerAutoConfigurationTest {
  private static final String TOKEN = "test-token-1";
  private static AutoMlEmulator emulator;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(LroPollerAutoConfiguration.class));

  private String operation;

  @BeforeAll
  static void startEmulator() {
    emulator = AutoMlEmulator.builder().requireToken(true).acceptedTokens(Set.of(TOKEN)).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void newOperation() {
    operation = emulator.startOperation(
        OperationScript.builder(AutoMlRpc.CREATE_MODEL).doneAfterPolls(1).build());
    emulator.resetLog();
  }

  private String emulatorEndpoint() {
    return "lropoller.endpoint=" + emulator.baseUri();
  }

  @Test
  void defaultsAreTheLibrarysOwn() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(OperationPoller.class);
      OperationPoller poller = context.getBean(OperationPoller.class);
      assertThat(poller.policy()).isEqualTo(PollPolicy.defaults());
      LroPollerProperties props = context.getBean(LroPollerProperties.class);
      assertThat(props.getEndpoint()).isEqualTo(GoogleOperationPoller.DEFAULT_ENDPOINT);
      assertThat(props.getMaxResponseSize().toBytes())
          .isEqualTo(GoogleOperationPoller.DEFAULT_MAX_RESPONSE_BYTES);
    });
  }

  @Test
  void everyPollPropertyReachesThePolicy() {
    runner
        .withPropertyValues(
            "lropoller.poll.initial-interval=250ms",
            "lropoller.poll.multiplier=2",
            "lropoller.poll.max-interval=10s",
            "lropoller.poll.jitter=0",
            "lropoller.poll.timeout=2h",
            "lropoller.poll.max-attempts=50",
            "lropoller.poll.first-poll-delay=1s",
            "lropoller.poll.max-consecutive-failures=3",
            "lropoller.poll.request-timeout=5s")
        .run(context -> assertThat(context.getBean(OperationPoller.class).policy())
            .isEqualTo(PollPolicy.defaults()
                .withInitialInterval(Duration.ofMillis(250))
                .withMultiplier(2)
                .withMaxInterval(Duration.ofSeconds(10))
                .withJitter(0)
                .withTimeout(Duration.ofHours(2))
                .withMaxAttempts(50)
                .withFirstPollDelay(Duration.ofSeconds(1))
                .withMaxConsecutiveFailures(3)
                .withRequestTimeout(Duration.ofSeconds(5))));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "poll.initial-interval | -1s | -1s",
    "poll.multiplier | 0.5 | 0.5",
    "poll.max-interval | 0s | 0s",
    "poll.jitter | 1.5 | 1.5",
    "poll.timeout | 0ms | 0ms",
    "poll.max-attempts | 0 | 0",
    "poll.first-poll-delay | -5s | -5s",
    "poll.max-consecutive-failures | 0 | 0",
    "poll.request-timeout | -30s | -30s",
    "max-response-size | 0B | 0B",
    "max-response-size | 9MB | 9MB",
    "max-response-size | 3GB | 3GB",
    "max-response-size | 3GB | 8388608B",
    "max-in-flight | 0 | 0",
    "max-requests-per-minute | -600 | -600",
    "endpoint | ftp://automl.googleapis.com | ftp://automl.googleapis.com",
    "endpoint | https://automl.googleapis.com/v1 | https://automl.googleapis.com/v1",
    "endpoint | http://automl.example.com | http://automl.example.com",
  })
  void aBadValueFailsStartupNamingPropertyAndValue(String key, String value, String shown) {
    runner.withPropertyValues("lropoller." + key + "=" + value).run(context -> {
      assertThat(context).hasFailed();
      Throwable failure = context.getStartupFailure();
      assertThat(failure).hasRootCauseInstanceOf(InvalidConfigurationPropertyValueException.class);
      InvalidConfigurationPropertyValueException invalid =
          (InvalidConfigurationPropertyValueException) rootCause(failure);
      assertThat(invalid.getName()).isEqualTo("lropoller." + key);
      assertThat(invalid.getMessage()).contains("lropoller." + key).contains(shown);
    });
  }

  @Test
  void anUnreadableValueFailsStartupNamingPropertyAndValue() {
    runner.withPropertyValues("lropoller.poll.timeout=soon").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure()))
          .contains("lropoller.poll.timeout").contains("soon");
    });
  }

  @Test
  void insecureEndpointAllowedWhenAsked() {
    runner
        .withPropertyValues(
            "lropoller.endpoint=http://automl.example.com", "lropoller.allow-insecure-endpoint=true")
        .run(context -> assertThat(context).hasSingleBean(OperationPoller.class));
  }

  @Test
  void requestLimitsReachThePoller() {
    runner
        .withPropertyValues(emulatorEndpoint(), "lropoller.max-in-flight=1",
            "lropoller.max-requests-per-minute=600")
        .withBean(GoogleCredentials.class, () -> fixedToken(TOKEN))
        .run(context -> {
          OperationPoller poller = context.getBean(OperationPoller.class);
          assertThat(poller.toString()).contains("maxInFlight=1, maxRequestsPerMinute=600");
          assertThat(poller.get(operation).block(Duration.ofSeconds(10)).name()).isEqualTo(operation);
        });
  }

  @Test
  void maxResponseSizeLimitsBodies() {
    runner
        .withPropertyValues(emulatorEndpoint(), "lropoller.max-response-size=64B")
        .withBean(GoogleCredentials.class, () -> fixedToken(TOKEN))
        .run(context -> assertThatThrownBy(
                () -> context.getBean(OperationPoller.class).get(operation).block(Duration.ofSeconds(10)))
            .isInstanceOf(UnexpectedResponseException.class));
  }

  @Test
  void backsOffForTheApplicationsOwnPoller() {
    OperationPoller own = GoogleOperationPoller.builder().noCredentials().build();
    runner.withBean("myPoller", OperationPoller.class, () -> own).run(context -> {
      assertThat(context).hasSingleBean(OperationPoller.class);
      assertThat(context.getBean(OperationPoller.class)).isSameAs(own);
    });
  }

  @Test
  void offWithoutTheReactorAdapter() {
    runner
        .withClassLoader(new FilteredClassLoader(GoogleOperationPoller.class))
        .run(context -> assertThat(context).doesNotHaveBean(OperationPoller.class));
  }

  @Test
  void usesTheGoogleCredentialsBean() {
    runner
        .withPropertyValues(emulatorEndpoint())
        .withBean(GoogleCredentials.class, () -> fixedToken(TOKEN))
        .run(context -> {
          ModelRef model = context.getBean(OperationPoller.class).model(operation)
              .block(Duration.ofSeconds(10));
          assertThat(model).isNotNull();
          assertThat(emulator.requests()).isNotEmpty()
              .allSatisfy(r -> assertThat(r.tokenAccepted()).isTrue());
        });
  }

  @Test
  void credentialsOffSendsNoAuthorization() {
    runner
        .withPropertyValues(emulatorEndpoint(), "lropoller.credentials.enabled=false")
        .withBean(GoogleCredentials.class, () -> fixedToken(TOKEN))
        .run(context -> {
          assertThatThrownBy(() -> context.getBean(OperationPoller.class).get(operation)
                  .block(Duration.ofSeconds(10)))
              .isInstanceOf(ApiCallException.class);
          assertThat(emulator.requests()).isNotEmpty()
              .extracting(RecordedRequest::tokenPresent).containsOnly(false);
        });
  }

  @Test
  void failFastRefusesCredentialsThatGiveNoToken() {
    runner
        .withPropertyValues("lropoller.credentials.fail-fast=true")
        .withBean(GoogleCredentials.class, RefusedCredentials::new)
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context.getStartupFailure()))
              .contains("lropoller.credentials.fail-fast=true")
              .contains("lropoller.credentials.enabled=false")
              .contains("invalid_grant");
        });
  }

  @Test
  void failFastAcceptsWorkingCredentials() {
    runner
        .withPropertyValues("lropoller.credentials.fail-fast=true")
        .withBean(GoogleCredentials.class, () -> fixedToken(TOKEN))
        .run(context -> assertThat(context).hasSingleBean(OperationPoller.class));
  }

  @Test
  void failFastIsNotRunWhenCredentialsAreOff() {
    runner
        .withPropertyValues("lropoller.credentials.fail-fast=true",
            "lropoller.credentials.enabled=false")
        .withBean(GoogleCredentials.class, RefusedCredentials::new)
        .run(context -> assertThat(context).hasSingleBean(OperationPoller.class));
  }

  @Test
  void credentialsFromLocationAreUsed(@TempDir Path dir) throws Exception {
    // A service account whose token endpoint (the emulator has none: 404) refuses it.
    Path file = dir.resolve("sa.json");
    Files.writeString(file, serviceAccountJson(emulator.baseUri() + "/token"));
    runner
        .withPropertyValues("lropoller.credentials.location=file:" + file,
            "lropoller.credentials.fail-fast=true")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(messages(context.getStartupFailure()))
              .contains("lropoller.credentials.location")
              .contains("ServiceAccountCredentials")
              .doesNotContain("PRIVATE KEY");
        });
    runner
        .withPropertyValues("lropoller.credentials.location=file:" + file)
        .run(context -> assertThat(context).hasSingleBean(OperationPoller.class));
  }

  @Test
  void anUnreadableCredentialsLocationFailsStartupNamingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("not-credentials.json");
    Files.writeString(file, "{\"type\":\"nonsense\"}");
    runner.withPropertyValues("lropoller.credentials.location=file:" + file).run(context -> {
      assertThat(context).hasFailed();
      InvalidConfigurationPropertyValueException invalid =
          (InvalidConfigurationPropertyValueException) rootCause(context.getStartupFailure());
      assertThat(invalid.getName()).isEqualTo("lropoller.credentials.location");
      assertThat(invalid.getMessage()).contains("file:" + file);
    });
    runner.withPropertyValues("lropoller.credentials.location=file:" + dir.resolve("missing.json"))
        .run(context -> assertThat(messages(context.getStartupFailure()))
            .contains("lropoller.credentials.location").contains("missing.json"));
  }

  private static String serviceAccountJson(String tokenUri) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    return "{\"type\":\"service_account\",\"project_id\":\"p\",\"private_key_id\":\"k1\","
        + "\"private_key\":\"" + pem.replace("\n", "\\n") + "\","
        + "\"client_email\":\"sa@p.iam.gserviceaccount.com\",\"client_id\":\"1\","
        + "\"token_uri\":\"" + tokenUri + "\"}";
  }

  @Test
  void runsOnTheEventLoopsOfSpringsReactorResourceFactory() {
    LoopResources loops = LoopResources.create("app-shared-loops", 1, true);
    try {
      runner
          .withPropertyValues(emulatorEndpoint())
          .withBean(GoogleCredentials.class, () -> fixedToken(TOKEN))
          .withBean(ReactorResourceFactory.class, () -> {
            ReactorResourceFactory factory = new ReactorResourceFactory();
            factory.setUseGlobalResources(false);
            factory.setLoopResources(loops);
            return factory;
          })
          .run(context -> assertThat(threadOfAnswer(context.getBean(OperationPoller.class)))
              .startsWith("app-shared-loops"));
      runner
          .withPropertyValues(emulatorEndpoint())
          .withBean(GoogleCredentials.class, () -> fixedToken(TOKEN))
          .run(context -> assertThat(threadOfAnswer(context.getBean(OperationPoller.class)))
              .doesNotStartWith("app-shared-loops"));
    } finally {
      loops.disposeLater().block(Duration.ofSeconds(10));
    }
  }

  private String threadOfAnswer(OperationPoller poller) {
    // Answers are read on the transport's event loop; the engine emits there.
    return poller.get(operation).map(op -> Thread.currentThread().getName())
        .block(Duration.ofSeconds(10));
  }

  @Test
  void customizersRunAfterTheProperties() {
    PollPolicy custom = PollPolicy.fixed(Duration.ofSeconds(3));
    runner
        .withPropertyValues("lropoller.poll.initial-interval=1s")
        .withBean(LroPollerBuilderCustomizer.class, () -> b -> b.policy(custom))
        .run(context -> assertThat(context.getBean(OperationPoller.class).policy())
            .isEqualTo(custom));
  }

  @Test
  void listenerBeansHearThePoller() {
    AtomicInteger sent = new AtomicInteger();
    PollListener counting = new PollListener() {
      @Override
      public void pollSent(String name, int attempt) {
        sent.incrementAndGet();
      }
    };
    runner
        .withPropertyValues(emulatorEndpoint())
          .withBean(GoogleCredentials.class, () -> fixedToken(TOKEN))
        .withBean("countingListener", PollListener.class, () -> counting)
        .run(context -> {
          context.getBean(OperationPoller.class).model(operation).block(Duration.ofSeconds(10));
          assertThat(sent).hasPositiveValue();
        });
  }

  @Test
  void metersWithARegistryBean() {
    runner
        .withPropertyValues(emulatorEndpoint())
        .withBean(GoogleCredentials.class, () -> fixedToken(TOKEN))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> {
          assertThat(context).hasSingleBean(MicrometerPollListener.class);
          context.getBean(OperationPoller.class).model(operation).block(Duration.ofSeconds(10));
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get("lropoller.polls").tag("outcome", "done").counter().count())
              .isEqualTo(1.0);
          assertThat(registry.get("lropoller.watches.ended").tag("outcome", "done").counter()
              .count()).isEqualTo(1.0);
          assertThat(registry.get("lropoller.watches.active").gauge().value()).isZero();
          assertThat(registry.get("lropoller.polls").counter().getId().getTag("project")).isNull();
        });
  }

  @Test
  void metersTaggedByProjectWhenAsked() {
    runner
        .withPropertyValues(emulatorEndpoint(), "lropoller.metrics.project-tag=true")
        .withBean(GoogleCredentials.class, () -> fixedToken(TOKEN))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> {
          context.getBean(OperationPoller.class).model(operation).block(Duration.ofSeconds(10));
          assertThat(context.getBean(MeterRegistry.class).get("lropoller.polls")
                  .tag("project", "demo-project").counter().count()).isEqualTo(1.0);
        });
  }

  @Test
  void noMetersWithoutRegistryOrBindingOrWhenOff() {
    runner.run(context -> assertThat(context).doesNotHaveBean(MicrometerPollListener.class));
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("lropoller.metrics.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(MicrometerPollListener.class));
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withClassLoader(new FilteredClassLoader(MicrometerPollListener.class))
        .run(context -> assertThat(context).hasSingleBean(OperationPoller.class)
            .doesNotHaveBean(MicrometerPollListener.class));
  }

  @Test
  void contextCloseClosesThePoller() {
    OperationPoller[] poller = new OperationPoller[1];
    runner.run(context -> {
      poller[0] = context.getBean(OperationPoller.class);
      assertThat(poller[0].isClosed()).isFalse();
    });
    assertThat(poller[0].isClosed()).isTrue();
  }

  @Test
  void jacksonModulesForJackson3AndJackson2() {
    runner
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
        .run(context -> {
          assertThat(context).hasSingleBean(LroPollerJacksonModule.class)
              .hasSingleBean(LroPollerJackson2Module.class);
          ModelRef model = ModelRef.fromJson(new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree("{\"name\":\"projects/p/locations/l/models/ICN1\",\"displayName\":\"f\"}"));
          assertThat(context.getBean(JsonMapper.class).writeValueAsString(model))
              .isEqualTo("{\"name\":\"projects/p/locations/l/models/ICN1\",\"displayName\":\"f\"}");
        });
    runner
        .withClassLoader(new FilteredClassLoader("tools.jackson"))
        .run(context -> assertThat(context).doesNotHaveBean(LroPollerJacksonModule.class)
            .hasSingleBean(LroPollerJackson2Module.class));
  }

  @Test
  void problemDetailsOnlyInWebApplicationsAndOptOut() {
    runner.run(context -> assertThat(context).doesNotHaveBean(LroProblemDetailsAdvice.class));
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LroPollerAutoConfiguration.class))
        .run(context -> assertThat(context).hasSingleBean(LroProblemDetailsAdvice.class));
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LroPollerAutoConfiguration.class))
        .withPropertyValues("lropoller.problem-details.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(LroProblemDetailsAdvice.class));
  }

  @Test
  void healthReportsOpenThenClosed() {
    runner.run(context -> {
      HealthIndicator indicator = context.getBean("lroPollerHealthIndicator", HealthIndicator.class);
      Health open = indicator.health();
      assertThat(open.getStatus()).isEqualTo(Status.UP);
      assertThat(open.getDetails()).containsEntry("state", "open").containsEntry("activeWatches", 0);
      context.getBean(OperationPoller.class).close();
      Health closed = indicator.health();
      assertThat(closed.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
      assertThat(closed.getDetails()).containsEntry("state", "closed");
    });
    runner
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
        .run(context -> assertThat(context).hasSingleBean(OperationPoller.class)
            .doesNotHaveBean("lroPollerHealthIndicator"));
  }

  private static GoogleCredentials fixedToken(String token) {
    return GoogleCredentials.create(
        new AccessToken(token, new Date(System.currentTimeMillis() + 3_600_000)));
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  private static String messages(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c.getMessage()).append('\n');
    }
    return all.toString();
  }

  /** Credentials whose token endpoint refuses them, as with a disabled service account. */
  static final class RefusedCredentials extends GoogleCredentials {
    private static final long serialVersionUID = 1L;

    @Override
    public AccessToken refreshAccessToken() throws IOException {
      throw new IOException("invalid_grant: account disabled");
    }

    @Override
    public boolean createScopedRequired() {
      return false;
    }
  }

}
