package dev.lropoller.testing.emulator;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A private certificate authority made in memory, to issue server certificates for a TLS
 * emulator on loopback with any validity window: a client trusts {@link #certificate()} (for
 * lro-poller: {@code GoogleOperationPoller.builder().trustManager(ca.certificate())}) and the
 * emulator presents an {@link IssuedCertificate} ({@code AutoMlEmulator.builder().tls(key, chain)}).
 *
 * <p>Why not a {@link SelfSignedCertificate} to test an expired certificate: a certificate the
 * client trusts directly is a trust anchor, and the JDK's PKIX validation does not check a trust
 * anchor's validity dates. An expired certificate under a trusted root fails as it does in
 * production, with a {@code CertificateExpiredException} in the handshake's cause chain.
 *
 * <p>The root has an EC P-256 key, critical {@code basicConstraints cA=true} and
 * {@code keyUsage keyCertSign, cRLSign}; it signs with SHA256withECDSA. Written with the JDK's
 * public {@code KeyPairGenerator} and {@code Signature} only. Instances are immutable.
 */
public final class CertificateAuthority {
  /** The root's common name with {@link #create()}. */
  public static final String DEFAULT_NAME = "lro-poller test CA";
  /** How long before now a certificate made "now" starts, so small clock skews do not matter. */
  static final Duration BACKDATE = Duration.ofDays(1);
  /** How long after now a certificate made "now" stays valid. */
  static final Duration LIFETIME = Duration.ofDays(365);

  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final byte[] name;

  private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, byte[] name) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.name = name;
  }

  /**
   * A root named {@link #DEFAULT_NAME}, valid from a day ago for a year.
   *
   * @return the authority
   * @throws IllegalStateException if the JDK lacks EC P-256 or SHA256withECDSA
   */
  public static CertificateAuthority create() {
    return create(DEFAULT_NAME);
  }

  /**
   * A root with this common name, valid from a day ago for a year.
   *
   * @param commonName the root's subject common name, not null
   * @return the authority
   * @throws IllegalStateException if the JDK lacks EC P-256 or SHA256withECDSA
   */
  public static CertificateAuthority create(String commonName) {
    Objects.requireNonNull(commonName, "commonName");
    Instant now = Instant.now();
    try {
      KeyPair keys = CertificateDer.ecKeyPair();
      byte[] name = CertificateDer.name(commonName);
      X509Certificate root = CertificateDer.sign(name, keys.getPublic(), name, keys.getPrivate(),
          now.minus(BACKDATE), now.plus(LIFETIME),
          CertificateDer.basicConstraints(true),
          CertificateDer.keyUsage(CertificateDer.KEY_USAGE_CERT_SIGN));
      return new CertificateAuthority(root, keys.getPrivate(), name);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make an EC P-256 certificate authority", e);
    }
  }

  /**
   * A server certificate for {@code localhost} and {@code 127.0.0.1}, valid from a day ago for a
   * year.
   *
   * @return the certificate, its key and chain
   * @throws IllegalStateException if the JDK lacks EC P-256 or SHA256withECDSA
   */
  public IssuedCertificate issueForLoopback() {
    Instant now = Instant.now();
    return issue("localhost", now.minus(BACKDATE), now.plus(LIFETIME));
  }

  /**
   * A server certificate signed by this root, valid between two instants: in the past for an
   * expired certificate, in the future for one not yet valid. It has a fresh EC P-256 key, critical
   * {@code basicConstraints cA=false}, critical {@code keyUsage digitalSignature},
   * {@code extendedKeyUsage serverAuth}, and the subject alternative name {@code dnsName} (for
   * {@code localhost}, also the IP address {@code 127.0.0.1}), which is also its common name.
   *
   * @param dnsName the name the certificate covers, such as {@code localhost}
   * @param notBefore start of validity
   * @param notAfter end of validity, after {@code notBefore}
   * @return the certificate, its key and chain
   * @throws IllegalArgumentException if {@code notAfter} is not after {@code notBefore}, quoting both
   * @throws IllegalStateException if the JDK lacks EC P-256 or SHA256withECDSA
   */
  public IssuedCertificate issue(String dnsName, Instant notBefore, Instant notAfter) {
    Objects.requireNonNull(dnsName, "dnsName");
    CertificateDer.checkValidity(notBefore, notAfter);
    try {
      KeyPair keys = CertificateDer.ecKeyPair();
      X509Certificate leaf = CertificateDer.sign(CertificateDer.name(dnsName), keys.getPublic(),
          name, privateKey, notBefore, notAfter,
          CertificateDer.basicConstraints(false),
          CertificateDer.keyUsage(CertificateDer.KEY_USAGE_DIGITAL_SIGNATURE),
          CertificateDer.serverAuth(),
          CertificateDer.subjectAltNames(dnsName));
      return new IssuedCertificate(leaf, keys.getPrivate(), certificate);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue an EC P-256 certificate", e);
    }
  }

  /**
   * The root certificate, for clients to trust.
   *
   * @return the root
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * The root in PEM, for clients in other processes.
   *
   * @return {@code -----BEGIN CERTIFICATE-----} ... {@code -----END CERTIFICATE-----}
   */
  public String certificatePem() {
    return CertificateDer.pem(certificate);
  }

  /** Shows the root's subject and validity; never the key. */
  @Override
  public String toString() {
    return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + ", until "
        + certificate.getNotAfter().toInstant() + "]";
  }
}
