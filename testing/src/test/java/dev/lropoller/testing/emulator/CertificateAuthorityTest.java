package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/** The private CA: what it issues, and that the JDK's PKIX validation judges it as in production. */
class CertificateAuthorityTest {
  private static final Duration SAFETY = Duration.ofSeconds(20);
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String ECDHE_ECDSA = "ECDHE_ECDSA";

  private static X509TrustManager trusting(X509Certificate root) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("root", root);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }

  @Test
  void theRootIsACaAndTheLeafAServerCertificateItSigned() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create();
    IssuedCertificate issued = ca.issueForLoopback();
    X509Certificate root = ca.certificate();
    X509Certificate leaf = issued.certificate();

    root.verify(root.getPublicKey());
    leaf.verify(root.getPublicKey());
    root.checkValidity();
    leaf.checkValidity();
    assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=" + CertificateAuthority.DEFAULT_NAME);
    assertThat(leaf.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
    assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(leaf.getKeyUsage()[5]).as("keyCertSign").isFalse();
    assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(leaf.getCriticalExtensionOIDs()).contains("2.5.29.15", "2.5.29.19");
    assertThat(leaf.getSubjectAlternativeNames())
        .extracting(l -> (Object) l.get(1)).containsExactlyInAnyOrder("localhost", "127.0.0.1");
    assertThat(issued.chain()).containsExactly(leaf, root);
    assertThat(issued.chain()).isNotSameAs(issued.chain());
  }

  @Test
  void theJdkTrustsAValidLeafUnderTheRoot() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create();

    trusting(ca.certificate()).checkServerTrusted(ca.issueForLoopback().chain(), ECDHE_ECDSA);
    trusting(ca.certificate()).checkServerTrusted(
        new X509Certificate[] {ca.issueForLoopback().certificate()}, ECDHE_ECDSA);
  }

  @Test
  void theJdkRejectsAnExpiredOrNotYetValidLeafUnderTheRoot() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create();
    Instant now = Instant.now();
    IssuedCertificate expired =
        ca.issue("localhost", now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(1)));
    IssuedCertificate early =
        ca.issue("localhost", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(9)));
    X509TrustManager trust = trusting(ca.certificate());

    assertThatThrownBy(() -> trust.checkServerTrusted(expired.chain(), ECDHE_ECDSA))
        .isInstanceOf(CertificateException.class)
        .hasRootCauseInstanceOf(CertificateExpiredException.class);
    assertThatThrownBy(() -> trust.checkServerTrusted(early.chain(), ECDHE_ECDSA))
        .isInstanceOf(CertificateException.class)
        .hasRootCauseInstanceOf(CertificateNotYetValidException.class);
  }

  @Test
  void anExpiredSelfSignedCertificateTrustedDirectlyIsNotCheckedWhichIsWhyTheCaExists()
      throws Exception {
    Instant now = Instant.now();
    SelfSignedCertificate expired = SelfSignedCertificate.create(
        "localhost", now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(1)));

    assertThatThrownBy(() -> expired.certificate().checkValidity())
        .isInstanceOf(CertificateExpiredException.class);
    trusting(expired.certificate())
        .checkServerTrusted(new X509Certificate[] {expired.certificate()}, ECDHE_ECDSA);
  }

  @Test
  void validityBeyond2049IsWrittenAsGeneralizedTime() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("far future CA");
    Instant from = Instant.parse("2049-12-31T23:59:59Z");
    Instant to = Instant.parse("2051-06-01T12:00:00Z");

    X509Certificate leaf = ca.issue("elsewhere.test", from, to).certificate();

    assertThat(leaf.getNotBefore().toInstant()).isEqualTo(from);
    assertThat(leaf.getNotAfter().toInstant()).isEqualTo(to);
    assertThat(leaf.getIssuerX500Principal().getName()).isEqualTo("CN=far future CA");
    assertThat(leaf.getSubjectAlternativeNames()).extracting(l -> (Object) l.get(1))
        .containsExactly("elsewhere.test");
  }

  @Test
  void badInputIsRefusedWithTheValue() {
    CertificateAuthority ca = CertificateAuthority.create();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");

    assertThatThrownBy(() -> ca.issue("localhost", t, t.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-01-01T00:00:00Z").hasMessageContaining("2025-12-31T23:59:59Z");
    assertThatThrownBy(() -> AutoMlEmulator.builder().tls(ca.issueForLoopback().privateKey()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
  }

  @Test
  void textShowsNamesAndDatesButNeverTheKey() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create();
    IssuedCertificate issued = ca.issueForLoopback();

    assertThat(ca.toString()).contains("CN=" + CertificateAuthority.DEFAULT_NAME).doesNotContain("PRIVATE");
    assertThat(issued.toString()).contains("CN=localhost by CN=" + CertificateAuthority.DEFAULT_NAME)
        .doesNotContain("PRIVATE").doesNotContain(issued.privateKey().toString());
    X509Certificate fromPem = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(ca.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    assertThat(fromPem).isEqualTo(ca.certificate());
  }

  @Test
  void theEmulatorPresentsAnIssuedChainToAClientTrustingOnlyTheRoot() {
    CertificateAuthority ca = CertificateAuthority.create();
    IssuedCertificate issued = ca.issueForLoopback();
    try (AutoMlEmulator emulator =
        AutoMlEmulator.builder().tls(issued.privateKey(), issued.chain()).start()) {
      String name = emulator.startOperation(AutoMlRpc.IMPORT_DATA);
      Http2SslContextSpec tls = Http2SslContextSpec.forClient()
          .configure(b -> b.trustManager(ca.certificate()));

      String body = HttpClient.create().protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
          .secure(s -> s.sslContext((reactor.netty.tcp.SslProvider.GenericSslContextSpec<?>) tls))
          .baseUrl(emulator.baseUri().toString()).get().uri("/v1/" + name)
          .responseContent().aggregate().asString().block(SAFETY);

      assertThat(body).contains(name);
      assertThat(emulator.baseUri().getScheme()).isEqualTo("https");
      assertThat(emulator.certificate()).isEqualTo(issued.certificate());
      assertThat(emulator.certificatePem()).isEqualTo(CertificateDer.pem(issued.certificate()));
      assertThat(emulator.http2Requests()).isEqualTo(1);
      assertThat(emulator.handshakesCompleted()).isEqualTo(1);
    }
  }
}
