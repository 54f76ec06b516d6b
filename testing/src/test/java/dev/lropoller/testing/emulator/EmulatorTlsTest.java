package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/** The emulator over TLS: h2 and HTTP/1.1 over ALPN, its certificate, its counters and flags. */
class EmulatorTlsTest {
  private static final Duration SAFETY = Duration.ofSeconds(20);

  private static HttpClient h2Client(AutoMlEmulator emulator) {
    Http2SslContextSpec tls = Http2SslContextSpec.forClient()
        .configure(b -> b.trustManager(emulator.certificate()));
    return HttpClient.create().protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
        .secure(s -> s.sslContext((reactor.netty.tcp.SslProvider.GenericSslContextSpec<?>) tls)).baseUrl(emulator.baseUri().toString());
  }

  @Test
  void servesH2AndHttp11OverTlsAndCountsThem() {
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().tls(true).statsRoute(true).start()) {
      String name = emulator.startOperation(AutoMlRpc.IMPORT_DATA);
      assertThat(emulator.baseUri().getScheme()).isEqualTo("https");

      String h2Body = h2Client(emulator).get().uri("/v1/" + name).responseContent().aggregate()
          .asString().block(SAFETY);
      Http11SslContextSpec http11 = Http11SslContextSpec.forClient()
          .configure(b -> b.trustManager(emulator.certificate()));
      String http11Body = HttpClient.create().secure(s -> s.sslContext((reactor.netty.tcp.SslProvider.GenericSslContextSpec<?>) http11))
          .baseUrl(emulator.baseUri().toString()).get().uri("/v1/" + name).responseContent()
          .aggregate().asString().block(SAFETY);

      assertThat(h2Body).contains(name);
      assertThat(http11Body).contains(name);
      assertThat(emulator.requestCount()).isEqualTo(2);
      assertThat(emulator.http2Requests()).isEqualTo(1);
      assertThat(emulator.connectionsAccepted()).isEqualTo(2);
      assertThat(emulator.handshakesCompleted()).isEqualTo(2);
      String stats = h2Client(emulator).get().uri(AutoMlEmulator.STATS_PATH).responseContent()
          .aggregate().asString().block(SAFETY);
      assertThat(stats).contains("\"connections\":3", "\"handshakes\":3", "\"http2Requests\":");
    }
  }

  @Test
  void http2OffServesHttp11Only() {
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().tls(true).http2(false).start()) {
      String name = emulator.startOperation(AutoMlRpc.IMPORT_DATA);

      String body = h2Client(emulator).get().uri("/v1/" + name).responseContent().aggregate()
          .asString().block(SAFETY);

      assertThat(body).contains(name);
      assertThat(emulator.http2Requests()).isZero();
    }
  }

  @Test
  void plainEmulatorHasNoCertificateAndNoStatsRoute() {
    try (AutoMlEmulator emulator = AutoMlEmulator.start()) {
      assertThatThrownBy(emulator::certificate).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(emulator.baseUri().toString());
      int status = HttpClient.create().baseUrl(emulator.baseUri().toString()).get()
          .uri(AutoMlEmulator.STATS_PATH).response().map(r -> r.status().code()).block(SAFETY);
      assertThat(status).isEqualTo(404);
    }
  }

  @Test
  void theCertificateCoversLoopbackAndIsItsOwnRoot() throws Exception {
    SelfSignedCertificate c = SelfSignedCertificate.forLoopback();
    X509Certificate cert = c.certificate();

    cert.checkValidity();
    cert.verify(cert.getPublicKey());
    assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(cert.getSubjectAlternativeNames())
        .extracting(l -> (Object) l.get(1)).containsExactlyInAnyOrder("localhost", "127.0.0.1");
    X509Certificate fromPem = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(c.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    assertThat(fromPem).isEqualTo(cert);
    assertThat(c.toString()).contains("CN=localhost").doesNotContain("PRIVATE");
  }

  @Test
  void validityMustBeAnInterval() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    assertThatThrownBy(() -> SelfSignedCertificate.create("localhost", t, t))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2026-01-01T00:00:00Z");
  }

  @Test
  void theMainServesTlsAndWritesTheCertificate(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("emulator.pem");
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    AtomicReference<String> served = new AtomicReference<>();

    int status = EmulatorMain.run(
        new String[] {"--port", "0", "--tls", "--tls-cert-out", pem.toString(), "--no-http2"},
        out, out, e -> served.set(e.baseUri() + " " + e.certificatePem()));

    assertThat(status).isZero();
    assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("listening on https://127.0.0.1:");
    assertThat(served.get()).startsWith("https://127.0.0.1:");
    assertThat(served.get()).endsWith(Files.readString(pem));
  }

  @Test
  void tlsFlagsAreParsedAndChecked() {
    EmulatorOptions o = EmulatorOptions.parse("--tls", "--no-http2", "--stats-route");
    assertThat(o.tls).isTrue();
    assertThat(o.http2).isFalse();
    assertThat(o.statsRoute).isTrue();
    assertThat(EmulatorOptions.parse().tls).isFalse();
    assertThatThrownBy(() -> EmulatorOptions.parse("--tls-cert-out", "x.pem"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"x.pem\"");
    assertThat(EmulatorOptions.USAGE).contains("--tls", "--no-http2", "--tls-cert-out", "--stats-route");
  }
}
