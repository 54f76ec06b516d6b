package dev.lropoller.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.error.EndpointConfigurationException;
import dev.lropoller.error.LroException;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.CertificateAuthority;
import dev.lropoller.testing.emulator.IssuedCertificate;
import dev.lropoller.testing.emulator.OperationScript;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Server certificates outside their validity dates, issued by a private root the client trusts,
 * against the emulator over TLS: both sides real Reactor Netty on loopback, the JDK's own PKIX
 * validation deciding. An expired or not yet valid certificate is a configuration error, named
 * as such and not retried.
 */
class CertificateValidityTest {
  private static final Duration SAFETY = Duration.ofSeconds(30);
  private static final String PARENT = "projects/p/locations/us-central1";
  private static final CertificateAuthority CA = CertificateAuthority.create();

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

  /** The emulator presenting {@code leaf} and its chain; a poller trusting the private root only. */
  private void serve(IssuedCertificate leaf) {
    emulator = AutoMlEmulator.builder().tls(leaf.privateKey(), leaf.chain()).start();
    poller = GoogleOperationPoller.builder()
        .endpoint(emulator.baseUri())
        .noCredentials()
        .policy(PollPolicy.fixed(Duration.ofMillis(10)))
        .trustManager(CA.certificate())
        .build();
  }

  private String start(AutoMlRpc rpc, int polls) {
    return emulator.startOperation(
        OperationScript.builder(rpc).parent(PARENT).doneAfterPolls(polls).build());
  }

  @Test
  void aValidCertificateUnderThePrivateRootCompletesAWatchOverH2() {
    serve(CA.issueForLoopback());

    poller.completion(start(AutoMlRpc.IMPORT_DATA, 3)).block(SAFETY);

    assertThat(emulator.requestCount()).isEqualTo(3);
    assertThat(emulator.http2Requests()).isEqualTo(3);
    assertThat(emulator.handshakesCompleted()).isEqualTo(1);
    assertThat(emulator.handshakesFailed()).isZero();
  }

  @Test
  void anExpiredCertificateEndsThePollOnceTypedAndNamed() {
    Instant now = Instant.now();
    IssuedCertificate expired =
        CA.issue("localhost", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    serve(expired);
    String name = start(AutoMlRpc.IMPORT_DATA, 3);

    StepVerifier.create(poller.poll(name))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(EndpointConfigurationException.class)
              .hasMessageContaining("TLS handshake with " + emulator.baseUri() + " failed")
              .hasMessageContaining("the certificate CN=localhost has expired (valid until "
                  + expired.certificate().getNotAfter().toInstant() + ")")
              .hasMessageEndingWith("not retried")
              .hasRootCauseInstanceOf(CertificateExpiredException.class);
          assertThat(e).cause().cause().isInstanceOf(SSLHandshakeException.class);
          assertThat(((LroException) e).operationName()).isEqualTo(name);
        })
        .verify(SAFETY);

    // One connection, so one handshake, and no request: neither the engine nor Reactor Netty
    // tried again. (The server's own count of failed handshakes may land after the client has
    // given up, so it is not asserted.)
    assertThat(emulator.connectionsAccepted()).isEqualTo(1);
    assertThat(emulator.handshakesCompleted()).isZero();
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  void aCertificateNotYetValidEndsTheModelWatchOnceTypedAndNamed() {
    Instant now = Instant.now();
    IssuedCertificate early =
        CA.issue("localhost", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    serve(early);
    String name = start(AutoMlRpc.CREATE_MODEL, 3);

    StepVerifier.create(poller.model(name))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(EndpointConfigurationException.class)
              .hasMessageContaining(emulator.baseUri().toString())
              .hasMessageContaining("the certificate CN=localhost is not yet valid (valid from "
                  + early.certificate().getNotBefore().toInstant() + ")")
              .hasRootCauseInstanceOf(CertificateNotYetValidException.class);
          assertThat(((LroException) e).operationName()).isEqualTo(name);
        })
        .verify(SAFETY);

    assertThat(emulator.connectionsAccepted()).isEqualTo(1);
    assertThat(emulator.handshakesCompleted()).isZero();
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  void anExpiredCertificateGetsARenewalHintNotATrustHint() {
    Instant now = Instant.now();
    IssuedCertificate expired =
        CA.issue("localhost", now.minus(Duration.ofDays(2)), now.minus(Duration.ofMinutes(1)));
    serve(expired);

    StepVerifier.create(poller.completion(start(AutoMlRpc.IMPORT_DATA, 1)))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(EndpointConfigurationException.class)
            .hasMessageContaining("has expired")
            .hasMessageContaining("renew the server's certificate or check the clocks")
            .hasMessageNotContaining("trustManager"))
        .verify(SAFETY);
  }

  @Test
  void withoutTheFailedCertificateTheJdkMessageIsQuoted() {
    SSLHandshakeException expired = new SSLHandshakeException("PKIX path validation failed");
    expired.initCause(new CertificateExpiredException("NotAfter: Thu Jan 01 00:00:00 UTC 2026"));
    SSLHandshakeException early = new SSLHandshakeException("PKIX path validation failed");
    early.initCause(new CertificateNotYetValidException("NotBefore: Fri Jan 01 00:00:00 UTC 2100"));
    SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
    untrusted.initCause(new java.security.cert.CertificateException("unable to find valid certification path"));

    assertThat(ConfigurationErrors.configurationCause(expired)).isNotNull();
    assertThat(ConfigurationErrors.certificateValidity(expired))
        .isEqualTo("the server's certificate has expired (NotAfter: Thu Jan 01 00:00:00 UTC 2026)");
    assertThat(ConfigurationErrors.certificateValidity(early))
        .isEqualTo("the server's certificate is not yet valid (NotBefore: Fri Jan 01 00:00:00 UTC 2100)");
    assertThat(ConfigurationErrors.certificateValidity(untrusted)).isNull();
    assertThat(ConfigurationErrors.certificateValidity(new java.net.ConnectException("refused"))).isNull();
  }
}
