package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.lropoller.spi.CachingAccessTokenSource;
import dev.lropoller.spi.TransportException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Issue 7 item 9: which refresh failures are credentials failures (not retried, reported as
 * {@code CredentialsException}) and which stay transient, with the real Google Auth Library.
 */
class GoogleTokenFailuresTest {
  private static final Duration SAFETY = Duration.ofSeconds(30);

  private TokenEndpoint endpoint;
  private LogCapture logs;
  private VirtualTimeScheduler clock;

  @BeforeEach
  void setUp() {
    logs = LogCapture.start();
    endpoint = new TokenEndpoint();
    clock = VirtualTimeScheduler.create();
  }

  @AfterEach
  void tearDown() {
    endpoint.close();
    clock.dispose();
    logs.close();
    assertThat(logs.text()).doesNotContain(TokenEndpoint.SECRET_PREFIX);
  }

  private TransportException failureOf(CachingAccessTokenSource source) {
    Throwable e = source.token().then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(SAFETY);
    assertThat(e).isInstanceOf(TransportException.class);
    return (TransportException) e;
  }

  private CachingAccessTokenSource sourceFor(GoogleCredentials credentials) {
    return GoogleAccessTokens.create(new GoogleAccessTokens.CredentialsHolder(credentials), clock);
  }

  private CachingAccessTokenSource sourceLoading(GoogleAccessTokens.CredentialsLoader loader) {
    return GoogleAccessTokens.create(new GoogleAccessTokens.CredentialsHolder(loader), clock);
  }

  @Test
  void invalidGrantIsACredentialsFailure() {
    endpoint.status = 400;

    TransportException t = failureOf(sourceFor(endpoint.credentials()));

    assertThat(t.isCredentialsFailure()).isTrue();
    assertThat(t.retryable()).isFalse();
    assertThat(t.getMessage()).contains("HTTP 400").contains("invalid_grant").contains("not revoked");
  }

  /** Google Auth itself marks only 500 and 503 retryable (and retries them for about 7 s); 502 and 504 are the server's trouble too. */
  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {502, 504})
  void aTokenEndpointAnswering5xxIsTransient(int status) {
    endpoint.status = status;

    TransportException t = failureOf(sourceFor(endpoint.credentials()));

    assertThat(t.retryable()).isTrue();
    assertThat(t.isCredentialsFailure()).isFalse();
    assertThat(t.getMessage()).contains("will retry").contains(String.valueOf(status));
  }

  @Test
  void aTokenEndpointThatIsDownIsTransient() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ServiceAccountCredentials refused = endpoint.credentials().toBuilder()
        .setTokenServerUri(URI.create("http://127.0.0.1:" + closedPort + "/token")).build();

    TransportException t = failureOf(sourceFor(refused));

    assertThat(t.retryable()).isTrue();
    assertThat(t.isCredentialsFailure()).isFalse();
    assertThat(t.getMessage()).contains("will retry");
  }

  @Test
  void aKeyFileThatDoesNotExistIsACredentialsFailureWithTheSetUpHelp(@TempDir Path dir) {
    Path missing = dir.resolve("missing-key.json");

    TransportException t = failureOf(
        sourceLoading(() -> GoogleCredentials.fromStream(Files.newInputStream(missing))));

    assertThat(t.isCredentialsFailure()).isTrue();
    assertThat(t.getMessage())
        .contains("GOOGLE_APPLICATION_CREDENTIALS")
        .contains("gcloud auth application-default login")
        .contains("NoSuchFileException");
  }

  @Test
  void anUnreadableKeyIsACredentialsFailureThatShowsNoKeyMaterial(@TempDir Path dir) throws IOException {
    String garbledKey = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDSECRETKEYMATERIAL";
    Path key = dir.resolve("key.json");
    Files.writeString(key, "{\"type\":\"service_account\",\"client_email\":\"p@x.iam.gserviceaccount.com\","
        + "\"client_id\":\"1\",\"private_key_id\":\"k\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\\n"
        + garbledKey + "\\n-----END PRIVATE KEY-----\\n\"}", StandardCharsets.UTF_8);

    TransportException t = failureOf(
        sourceLoading(() -> GoogleCredentials.fromStream(Files.newInputStream(key))));

    assertThat(t.isCredentialsFailure()).isTrue();
    assertThat(t.getMessage()).contains("GOOGLE_APPLICATION_CREDENTIALS").doesNotContain("SECRETKEYMATERIAL");
  }

  @Test
  void aKeyThatCannotSignIsACredentialsFailure() throws NoSuchAlgorithmException {
    // An EC key where Google Auth signs with RSA: the signature fails before any request.
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    ServiceAccountCredentials wrongKey = endpoint.credentials().toBuilder()
        .setPrivateKey(ec.generateKeyPair().getPrivate()).build();

    TransportException t = failureOf(sourceFor(wrongKey));

    assertThat(t.isCredentialsFailure()).isTrue();
    assertThat(t.getMessage()).contains("check that the key or login is valid");
    assertThat(endpoint.requests).hasValue(0);
  }

  @Test
  void anErrorThatIsNeitherIoNorCredentialsIsPermanentButNotBlamedOnTheCredentials() {
    // What Google Auth throws when a token endpoint answers 200 with an empty body.
    TransportException t = GoogleAccessTokens.translate(new IllegalArgumentException("no JSON input found"));

    assertThat(t.retryable()).isFalse();
    assertThat(t.isCredentialsFailure()).isFalse();
    assertThat(t.getMessage()).contains("Google Auth Library failed").contains("no JSON input found");
  }

  @Test
  void credentialsFailuresAreNotRetriedBeforeTheBackoff() {
    endpoint.status = 400;
    CachingAccessTokenSource source = sourceFor(endpoint.credentials());

    failureOf(source);
    failureOf(source);
    assertThat(endpoint.requests).hasValue(1);
  }

  @Test
  void urlsInMessagesStayReadableWhileSecretsAreCut() {
    String adc = "Your default credentials were not found. To set up Application Default Credentials"
        + " for your environment, see https://cloud.google.com/docs/authentication/external/set-up-adc.";
    assertThat(GoogleAccessTokens.redact(adc))
        .isEqualTo(adc)
        .doesNotContain("https:<redacted>");

    String secret = TokenEndpoint.token(3) + "abcdefghijklmnopqrstuvwxyz0123456789";
    assertThat(GoogleAccessTokens.redact(
            "POST https://oauth2.googleapis.com/token?access_token=" + secret + "&x=1 failed"))
        .isEqualTo("POST https://oauth2.googleapis.com/token?<redacted> failed");
    assertThat(GoogleAccessTokens.redact("see http://user:" + secret + "@127.0.0.1:8080/a#" + secret))
        .isEqualTo("see http://<redacted>@127.0.0.1:8080/a#<redacted>");
    assertThat(GoogleAccessTokens.redact("bad " + secret + " near https://example.com/x"))
        .isEqualTo("bad <redacted> near https://example.com/x");
    assertThat(GoogleAccessTokens.redact("HTTPS://EXAMPLE.COM")).isEqualTo("HTTPS://EXAMPLE.COM");
    assertThat(GoogleAccessTokens.redact(null)).isEmpty();
    assertThat(GoogleAccessTokens.redact("a\n  b\tc")).isEqualTo("a b c");
    assertThat(GoogleAccessTokens.redact("word ".repeat(120))).hasSize(503).endsWith(" word ...");
  }

  @Test
  void theAdcHelpLinkOfGoogleAuthIsPrintedAsALink() {
    TransportException t = failureOf(sourceLoading(() -> {
      throw new IOException("Your default credentials were not found. To set up Application Default"
          + " Credentials for your environment, see"
          + " https://cloud.google.com/docs/authentication/external/set-up-adc.");
    }));

    assertThat(t.isCredentialsFailure()).isTrue();
    assertThat(t.getMessage())
        .contains("https://cloud.google.com/docs/authentication/external/set-up-adc")
        .contains("noCredentials()");
  }

  @Test
  void listenerOverloadsRejectNull() {
    assertThat(List.of(
            catchNpe(() -> GoogleAccessTokens.applicationDefault(null)),
            catchNpe(() -> GoogleAccessTokens.fromCredentials(endpoint.credentials(), null)),
            catchNpe(() -> GoogleAccessTokens.fromCredentials(null, dev.lropoller.PollListener.NONE))))
        .containsExactly("listener", "listener", "credentials");
  }

  private static String catchNpe(Runnable r) {
    try {
      r.run();
    } catch (NullPointerException e) {
      return e.getMessage();
    }
    return "no exception";
  }
}
