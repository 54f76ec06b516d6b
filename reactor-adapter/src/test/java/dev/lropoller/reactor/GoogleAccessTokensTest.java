package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.auth.Retryable;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.CachingAccessTokenSource;
import dev.lropoller.spi.TransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

class GoogleAccessTokensTest {
  private static final Duration SAFETY = Duration.ofSeconds(30);
  private static final int CALLERS = 500;

  private TokenEndpoint endpoint;
  private LogCapture logs;
  private VirtualTimeScheduler clock;
  private CachingAccessTokenSource source;

  @BeforeEach
  void setUp() {
    logs = LogCapture.start();
    endpoint = new TokenEndpoint();
    clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(Instant.now());
    // Google Auth computes expiry on the wall clock; answer so that tokens live 1 h of virtual time.
    endpoint.expiresInSeconds =
        () -> 3600 + (clock.now(TimeUnit.MILLISECONDS) - System.currentTimeMillis()) / 1000;
    source =
        GoogleAccessTokens.create(
            new GoogleAccessTokens.CredentialsHolder(endpoint.credentials()), clock);
  }

  @AfterEach
  void tearDown() {
    endpoint.close();
    clock.dispose();
    logs.close();
    String captured = logs.text();
    assertThat(captured).doesNotContain(TokenEndpoint.SECRET_PREFIX);
    assertThat(captured)
        .doesNotContain(
            Base64.getEncoder().encodeToString(TokenEndpoint.privateKey().getEncoded()).substring(40, 100));
    assertThat(source.toString()).doesNotContain(TokenEndpoint.SECRET_PREFIX);
  }

  /** {@code CALLERS} subscribers at once, from Reactor's parallel threads. */
  private List<String> concurrentTokens() {
    return Flux.range(0, CALLERS)
        .flatMap(i -> source.token().subscribeOn(Schedulers.parallel()), CALLERS)
        .map(AccessToken::value)
        .collectList()
        .block(SAFETY);
  }

  @Test
  void concurrentCallersOnAnEmptyCacheShareOneRefresh() {
    List<String> tokens = concurrentTokens();

    assertThat(tokens).hasSize(CALLERS).containsOnly(TokenEndpoint.token(1));
    assertThat(endpoint.requests).hasValue(1);
    assertThat(source.refreshCount()).isEqualTo(1);
  }

  @Test
  void refreshRunsOnBoundedElasticOnly() {
    concurrentTokens();
    clock.advanceTimeBy(Duration.ofHours(1));
    concurrentTokens();

    assertThat(endpoint.refreshThreads).hasSize(2).allMatch(n -> n.startsWith("boundedElastic-"));
  }

  @Test
  void oneRefreshPerExpiry() {
    Instant expiresAt = virtualNow().plus(Duration.ofHours(1));
    assertThat(concurrentTokens()).containsOnly(TokenEndpoint.token(1));

    // Well before expiry: served from the cache.
    clock.advanceTimeBy(Duration.ofMinutes(50));
    assertThat(concurrentTokens()).containsOnly(TokenEndpoint.token(1));
    assertThat(endpoint.requests).hasValue(1);

    for (int round = 2; round <= 4; round++) {
      // Inside the 3-minute expired margin: nobody gets the old token; one refresh for all.
      clock.advanceTimeTo(expiresAt.minus(Duration.ofMinutes(2)));
      expiresAt = virtualNow().plus(Duration.ofHours(1));
      assertThat(concurrentTokens()).containsOnly(TokenEndpoint.token(round));
      assertThat(endpoint.requests).hasValue(round);
    }
  }

  private Instant virtualNow() {
    return Instant.ofEpochMilli(clock.now(TimeUnit.MILLISECONDS));
  }

  @Test
  void invalidateFromManyHoldersOfTheSameTokenRefreshesOnce() {
    AccessToken first = source.token().block(SAFETY);
    assertThat(endpoint.requests).hasValue(1);

    List<String> after =
        Flux.range(0, CALLERS)
            .parallel(8)
            .runOn(Schedulers.parallel())
            .flatMap(
                i -> {
                  source.invalidate(first);
                  return source.token();
                })
            .sequential()
            .map(AccessToken::value)
            .collectList()
            .block(SAFETY);

    assertThat(after).hasSize(CALLERS).containsOnly(TokenEndpoint.token(2));
    assertThat(endpoint.requests).hasValue(2);
    // A late 401 for the old token no longer drops the new one.
    source.invalidate(first);
    assertThat(source.token().block(SAFETY).value()).isEqualTo(TokenEndpoint.token(2));
    assertThat(endpoint.requests).hasValue(2);
  }

  @Test
  void refusedCredentialsAreNotRetryable() {
    endpoint.status = 400;

    Throwable e = source.token().then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(SAFETY);

    assertThat(e).isInstanceOf(TransportException.class);
    TransportException t = (TransportException) e;
    assertThat(t.retryable()).isFalse();
    assertThat(t.isCredentialsFailure()).isTrue();
    assertThat(t.getMessage())
        .contains("refused the credentials")
        .contains("HTTP 400")
        .contains("invalid_grant")
        .doesNotContain(TokenEndpoint.SECRET_PREFIX);
    assertThat(endpoint.requests).hasValue(1);
  }

  @Test
  void tokenEndpointUnreachableIsRetryable() {
    TransportException t = GoogleAccessTokens.translate(new IOException("Connection refused"));

    assertThat(t.retryable()).isTrue();
    assertThat(t.getMessage()).contains("will retry").contains("Connection refused");
  }

  @Test
  void nonRetryableGoogleAuthErrorIsPermanent() {
    class Refused extends IOException implements Retryable {
      Refused() {
        super("Error getting access token: invalid_grant");
      }

      @Override
      public boolean isRetryable() {
        return false;
      }

      @Override
      public int getRetryCount() {
        return 0;
      }
    }

    TransportException t = GoogleAccessTokens.translate(new Refused());

    assertThat(t.retryable()).isFalse();
    assertThat(t.isCredentialsFailure()).isTrue();
    assertThat(t.getMessage()).contains("invalid_grant");
  }

  @Test
  void secretLookingRunsAreCutFromMessages() {
    String secret = TokenEndpoint.token(7) + "abcdefghijklmnopqrstuvwxyz0123456789";

    TransportException t = GoogleAccessTokens.translate(new IOException("bad token " + secret));

    assertThat(t.getMessage()).doesNotContain(secret).doesNotContain(TokenEndpoint.SECRET_PREFIX).contains("<redacted>");
  }

  @Test
  void missingApplicationDefaultCredentialsSayHowToSetThemUp() {
    assumeThat(System.getenv("GOOGLE_APPLICATION_CREDENTIALS")).isNull();
    assumeThat(
            Files.exists(
                Path.of(System.getProperty("user.home"), ".config", "gcloud",
                    "application_default_credentials.json")))
        .isFalse();
    AccessTokenSource adc = GoogleAccessTokens.applicationDefault();

    Throwable e = adc.token().then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(SAFETY);

    assumeThat(e).as("no metadata server answers here").isNotNull();
    assertThat(e).isInstanceOf(TransportException.class);
    assertThat(((TransportException) e).retryable()).isFalse();
    assertThat(((TransportException) e).isCredentialsFailure()).isTrue();
    assertThat(e.getMessage())
        .contains("GOOGLE_APPLICATION_CREDENTIALS")
        .contains("gcloud auth application-default login")
        .contains("noCredentials()")
        .doesNotContain("https:<redacted>");
  }
}
