package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.EndpointConfigurationException;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.Fault;
import dev.lropoller.testing.emulator.OperationScript;
import dev.lropoller.testing.emulator.SelfSignedCertificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

/** HTTP/2 over TLS against the emulator serving HTTPS on loopback, both sides real. */
class Http2OverTlsTest {
  private static final Duration SAFETY = Duration.ofSeconds(30);
  private static final String PARENT = "projects/p/locations/us-central1";

  private AutoMlEmulator emulator;
  private OperationPoller poller;

  @AfterEach
  void stop() {
    if (poller != null) {
      poller.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private String start(int polls) {
    return emulator.startOperation(
        OperationScript.builder(AutoMlRpc.IMPORT_DATA).parent(PARENT).doneAfterPolls(polls).build());
  }

  private GoogleOperationPoller.Builder builder() {
    return GoogleOperationPoller.builder()
        .endpoint(emulator.baseUri())
        .noCredentials()
        .policy(PollPolicy.fixed(Duration.ofMillis(10)));
  }

  @Test
  void h2IsNegotiatedByDefaultOverTlsWithAPrivateRoot() {
    emulator = AutoMlEmulator.builder().tls(true).start();
    poller = builder().trustManager(emulator.certificate()).build();

    poller.completion(start(3)).block(SAFETY);

    assertThat(emulator.requestCount()).isEqualTo(3);
    assertThat(emulator.http2Requests()).isEqualTo(3);
    assertThat(emulator.handshakesCompleted()).isEqualTo(1);
    assertThat(emulator.handshakesFailed()).isZero();
  }

  @Test
  void theSwitchOffGivesHttp11() {
    emulator = AutoMlEmulator.builder().tls(true).start();
    poller = builder().http2(false).trustManager(emulator.certificate()).build();

    poller.completion(start(3)).block(SAFETY);

    assertThat(emulator.requestCount()).isEqualTo(3);
    assertThat(emulator.http2Requests()).isZero();
  }

  @Test
  void aServerWithoutH2GetsHttp11FromTheDefaultClient() {
    emulator = AutoMlEmulator.builder().tls(true).http2(false).start();
    poller = builder().trustManager(emulator.certificate()).build();

    poller.completion(start(2)).block(SAFETY);

    assertThat(emulator.requestCount()).isEqualTo(2);
    assertThat(emulator.http2Requests()).isZero();
  }

  @Test
  void manyWatchesShareAFewH2ConnectionsUnderThePrivateRoot() {
    emulator = AutoMlEmulator.builder().tls(true).start();
    poller = builder().trustManager(emulator.certificate()).build();
    List<String> names = IntStream.range(0, 200).mapToObj(i -> start(2)).toList();

    Long done = Flux.fromIterable(names).flatMap(poller::completion, names.size())
        .then(reactor.core.publisher.Mono.just((long) names.size())).block(SAFETY);

    assertThat(done).isEqualTo(200L);
    assertThat(emulator.requestCount()).isEqualTo(400);
    assertThat(emulator.http2Requests()).isEqualTo(400);
    assertThat(emulator.connectionsAccepted())
        .isBetween(1L, (long) GoogleOperationPoller.DEFAULT_HTTP2_CONNECTIONS);
  }

  @Test
  void theServersStreamLimitIsRespected() {
    emulator = AutoMlEmulator.builder().tls(true).maxConcurrentStreams(5).start();
    emulator.faults().next(1000, Fault.latency(Duration.ofMillis(20)));
    poller = builder().trustManager(emulator.certificate()).build();
    List<String> names = IntStream.range(0, 100).mapToObj(i -> start(1)).toList();

    Flux.fromIterable(names).flatMap(poller::completion, names.size()).blockLast(SAFETY);

    assertThat(emulator.requestCount()).isEqualTo(100);
    assertThat(emulator.http2Requests()).isEqualTo(100);
    assertThat(emulator.maxConcurrentRequests())
        .isLessThanOrEqualTo(5L * GoogleOperationPoller.DEFAULT_HTTP2_CONNECTIONS);
  }

  @Test
  void anUntrustedCertificateEndsTheWatchOnceTypedWithoutRetry() {
    emulator = AutoMlEmulator.builder().tls(true).start();
    poller = builder().build();   // the JDK's trust store does not know the emulator's certificate
    String name = start(3);

    StepVerifier.create(poller.completion(name))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(EndpointConfigurationException.class)
              .hasMessageContaining(emulator.baseUri().toString())
              .hasMessageContaining("TLS handshake")
              .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
          assertThat(((EndpointConfigurationException) e).operationName()).isEqualTo(name);
        })
        .verify(SAFETY);

    // One connection, so one handshake: no retry by the engine nor by Reactor Netty. (The server
    // side's handshake outcome may land after the client has given up, so it is not counted here.)
    assertThat(emulator.requestCount()).isZero();
    assertThat(emulator.connectionsAccepted()).isEqualTo(1);
  }

  @Test
  void aHostNameMismatchIsAConfigurationError() {
    Instant now = Instant.now();
    SelfSignedCertificate elsewhere = SelfSignedCertificate.create(
        "elsewhere.test", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)));
    emulator = AutoMlEmulator.builder().tls(elsewhere).start();
    poller = builder().trustManager(elsewhere.certificate()).build();

    StepVerifier.create(poller.completion(start(3)))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(EndpointConfigurationException.class)
            .hasMessageContaining("TLS handshake")
            .hasCauseInstanceOf(dev.lropoller.spi.TransportException.class))
        .verify(SAFETY);
    assertThat(emulator.connectionsAccepted()).isEqualTo(1);
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  void anH2OnlyClientAgainstAnHttp11ServerIsAConfigurationError() {
    emulator = AutoMlEmulator.builder().tls(true).http2(false).start();
    Http2SslContextSpec tls = Http2SslContextSpec.forClient()
        .configure(b -> b.trustManager(emulator.certificate()));
    HttpClient h2Only = HttpClient.create().protocol(HttpProtocol.H2).secure(s -> s.sslContext((reactor.netty.tcp.SslProvider.GenericSslContextSpec<?>) tls));
    poller = builder().httpClient(h2Only).build();

    StepVerifier.create(poller.completion(start(3)))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(EndpointConfigurationException.class)
            .hasMessageContaining(emulator.baseUri().toString()))
        .verify(SAFETY);
    assertThat(emulator.connectionsAccepted()).isEqualTo(1);
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  void aResetOverH2StaysTransient() {
    emulator = AutoMlEmulator.builder().tls(true).start();
    emulator.faults().next(2, Fault.connectionReset());
    poller = builder().trustManager(emulator.certificate()).build();

    poller.completion(start(2)).block(SAFETY);

    assertThat(emulator.faultsInjected()).isEqualTo(2);
    assertThat(emulator.requestCount()).isEqualTo(4);
  }

  @Test
  void aSuppliedClientCannotBeCombinedWithTrustOrPoolOptions() {
    emulator = AutoMlEmulator.builder().tls(true).start();
    GoogleOperationPoller.Builder b =
        builder().httpClient(HttpClient.create()).trustManager(emulator.certificate());

    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("trustManager(...)");
  }

  @Test
  void theHandshakeFailureIsNotReportedAsRetryable() {
    SSLHandshakeException pkix = new SSLHandshakeException("PKIX path building failed");
    pkix.initCause(new java.security.cert.CertificateException("unable to find valid certification path"));
    SSLHandshakeException cut = new SSLHandshakeException("Remote host terminated the handshake");
    cut.initCause(new java.io.EOFException("SSL peer shut down incorrectly"));

    assertThat(ConfigurationErrors.configurationCause(pkix)).isNotNull();
    assertThat(ConfigurationErrors.configurationCause(cut)).isNull();
    assertThat(ConfigurationErrors.configurationCause(new java.net.ConnectException("refused"))).isNull();
  }
}
