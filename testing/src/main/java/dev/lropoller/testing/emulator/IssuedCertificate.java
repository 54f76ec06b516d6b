package dev.lropoller.testing.emulator;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A server certificate a {@link CertificateAuthority} issued, with its private key and the chain
 * a server presents: the certificate, then the root that signed it. Give both to
 * {@code AutoMlEmulator.builder().tls(issued.privateKey(), issued.chain())}. Immutable.
 */
public final class IssuedCertificate {
  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final X509Certificate issuer;

  IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, X509Certificate issuer) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.issuer = issuer;
  }

  /**
   * The server's own certificate.
   *
   * @return the certificate
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * The server's private key; for the server only.
   *
   * @return the key
   */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /**
   * The chain a server presents, its own certificate first and the root last.
   *
   * @return a new array each call
   */
  public X509Certificate[] chain() {
    return new X509Certificate[] {certificate, issuer};
  }

  /** Shows the subject, the issuer and the validity; never the key. */
  @Override
  public String toString() {
    return "IssuedCertificate[" + certificate.getSubjectX500Principal().getName() + " by "
        + certificate.getIssuerX500Principal().getName() + ", " + certificate.getNotBefore().toInstant()
        + " to " + certificate.getNotAfter().toInstant() + "]";
  }
}
