package dev.lropoller.testing.emulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
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
 * only, takes a few milliseconds and needs no file.
 */
public final class SelfSignedCertificate {
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final byte[] ECDSA_WITH_SHA256 = {
    0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02
  };
  private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
  private static final byte[] SUBJECT_ALT_NAME = {0x06, 0x03, 0x55, 0x1D, 0x11};
  private static final byte[] BASIC_CONSTRAINTS = {0x06, 0x03, 0x55, 0x1D, 0x13};
  private static final byte[] LOOPBACK_V4 = {127, 0, 0, 1};

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
   * {@code 127.0.0.1}): tests use it for a host name that does not match or a certificate that
   * has expired.
   *
   * @param dnsName the subject's common name and DNS alternative name, such as {@code localhost}
   * @param notBefore start of validity
   * @param notAfter end of validity, after {@code notBefore}
   * @return the certificate and key
   * @throws IllegalArgumentException if {@code notAfter} is not after {@code notBefore}, quoting both
   */
  public static SelfSignedCertificate create(String dnsName, Instant notBefore, Instant notAfter) {
    Objects.requireNonNull(dnsName, "dnsName");
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException(
          "notAfter must be after notBefore: " + notAfter + " <= " + notBefore);
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair keys = generator.generateKeyPair();
      byte[] name = seq(set(seq(COMMON_NAME, tlv(0x0C, dnsName.getBytes(StandardCharsets.UTF_8)))));
      byte[] dns = tlv(0x82, dnsName.getBytes(StandardCharsets.US_ASCII));
      byte[] altNames = dnsName.equals("localhost") ? seq(dns, tlv(0x87, LOOPBACK_V4)) : seq(dns);
      byte[] extensions = tlv(0xA3, seq(
          seq(BASIC_CONSTRAINTS, tlv(0x01, new byte[] {(byte) 0xFF}), tlv(0x04, seq(tlv(0x01, new byte[] {(byte) 0xFF})))),
          seq(SUBJECT_ALT_NAME, tlv(0x04, altNames))));
      byte[] tbs = seq(
          tlv(0xA0, tlv(0x02, new byte[] {2})),
          tlv(0x02, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray()),
          seq(ECDSA_WITH_SHA256),
          name,
          seq(time(notBefore), time(notAfter)),
          name,
          keys.getPublic().getEncoded(),
          extensions);
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keys.getPrivate());
      signer.update(tbs);
      byte[] signature = signer.sign();
      byte[] bitString = new byte[signature.length + 1];
      System.arraycopy(signature, 0, bitString, 1, signature.length);
      byte[] der = seq(tbs, seq(ECDSA_WITH_SHA256), tlv(0x03, bitString));
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
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
    try {
      String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(certificate.getEncoded());
      return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode the certificate", e);
    }
  }

  /** Shows the subject and validity; never the key. */
  @Override
  public String toString() {
    return "SelfSignedCertificate[" + certificate.getSubjectX500Principal().getName() + ", until "
        + certificate.getNotAfter().toInstant() + "]";
  }

  private static byte[] time(Instant t) {
    return tlv(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] seq(byte[]... parts) {
    return tlv(0x30, concat(parts));
  }

  private static byte[] set(byte[]... parts) {
    return tlv(0x31, concat(parts));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** One DER tag-length-value. */
  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
