package dev.lropoller.testing.emulator;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * A self-signed certificate and its key, made in memory for a TLS emulator on loopback: an EC
 * P-256 key, signed with SHA256withECDSA, for {@code localhost} and {@code 127.0.0.1} (subject
 * alternative names, so host name verification passes for either), marked as a CA so it can be
 * trusted as its own root.
 *
 * <p>Why not Netty's {@code SelfSignedCertificate}: on JDK 17 it needs BouncyCastle's
 * {@code bcpkix}, JDK internals opened with {@code --add-exports}, or a {@code keytool} process.
 * The DER here is written with the JDK's public {@code KeyPairGenerator} and {@code Signature}
 * only, takes a few milliseconds and needs no file. For a certificate signed by a private CA,
 * such as an expired server certificate under a root the client trusts, see
 * {@link CertificateAuthority}.
 */
public final class SelfSignedCertificate {
  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private SelfSignedCertificate(X509Certificate certificate, PrivateKey privateKey) {
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /**
   * A certificate for {@code localhost} and {@code 127.0.0.1}, valid from a day ago for a year.
   *
   * @return the certificate and key
   * @throws IllegalStateException if the JDK lacks EC P-256 or SHA256withECDSA
   */
  public static SelfSignedCertificate forLoopback() {
    Instant now = Instant.now();
    return create("localhost", now.minusSeconds(86_400), now.plusSeconds(365L * 86_400));
  }

  /**
   * A certificate for one DNS name valid between two instants (for {@code localhost}, also for
   * {@code 127.0.0.1}): tests use it for a host name that does not match. Not for an expired
   * certificate: a client that trusts this certificate holds it as a trust anchor, whose validity
   * the JDK does not check; issue an expired server certificate from a
   * {@link CertificateAuthority} instead.
   *
   * @param dnsName the subject's common name and DNS alternative name, such as {@code localhost}
   * @param notBefore start of validity
   * @param notAfter end of validity, after {@code notBefore}
   * @return the certificate and key
   * @throws IllegalArgumentException if {@code notAfter} is not after {@code notBefore}, quoting both
   */
  public static SelfSignedCertificate create(String dnsName, Instant notBefore, Instant notAfter) {
    Objects.requireNonNull(dnsName, "dnsName");
    CertificateDer.checkValidity(notBefore, notAfter);
    try {
      KeyPair keys = CertificateDer.ecKeyPair();
      byte[] name = CertificateDer.name(dnsName);
      X509Certificate cert = CertificateDer.sign(name, keys.getPublic(), name, keys.getPrivate(),
          notBefore, notAfter,
          CertificateDer.basicConstraints(true), CertificateDer.subjectAltNames(dnsName));
      return new SelfSignedCertificate(cert, keys.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a self-signed EC P-256 certificate", e);
    }
  }

  /**
   * The certificate, to trust in a client ({@code trustManager(certificate())}).
   *
   * @return the certificate
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * The private key; for the server only.
   *
   * @return the key
   */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /**
   * The certificate in PEM, for clients in other processes ({@code --tls-cert-out} of
   * {@link EmulatorMain}).
   *
   * @return {@code -----BEGIN CERTIFICATE-----} ... {@code -----END CERTIFICATE-----}
   */
  public String certificatePem() {
    return CertificateDer.pem(certificate);
  }

  /** Shows the subject and validity; never the key. */
  @Override
  public String toString() {
    return "SelfSignedCertificate[" + certificate.getSubjectX500Principal().getName() + ", until "
        + certificate.getNotAfter().toInstant() + "]";
  }
}
