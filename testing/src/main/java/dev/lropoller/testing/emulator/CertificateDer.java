package dev.lropoller.testing.emulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Objects;

/**
 * Writes X.509 v3 certificates in DER with the JDK's public {@code KeyPairGenerator} and
 * {@code Signature} only (EC P-256 keys, SHA256withECDSA), for the emulator's TLS on loopback. The
 * few extensions a TLS server and its private CA need are here: basic constraints, key usage,
 * extended key usage and subject alternative names.
 */
final class CertificateDer {
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter GENERALIZED_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final byte[] ECDSA_WITH_SHA256 = {
    0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02
  };
  private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
  private static final byte[] KEY_USAGE = {0x06, 0x03, 0x55, 0x1D, 0x0F};
  private static final byte[] SUBJECT_ALT_NAME = {0x06, 0x03, 0x55, 0x1D, 0x11};
  private static final byte[] BASIC_CONSTRAINTS = {0x06, 0x03, 0x55, 0x1D, 0x13};
  private static final byte[] EXTENDED_KEY_USAGE = {0x06, 0x03, 0x55, 0x1D, 0x25};
  private static final byte[] SERVER_AUTH = {0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01};
  private static final byte[] LOOPBACK_V4 = {127, 0, 0, 1};
  private static final byte[] TRUE = {(byte) 0xFF};

  /** keyUsage digitalSignature (bit 0): a TLS server's ECDSA key signs the handshake. */
  static final byte[] KEY_USAGE_DIGITAL_SIGNATURE = {0x07, (byte) 0x80};
  /** keyUsage keyCertSign and cRLSign (bits 5 and 6): a CA's key signs certificates. */
  static final byte[] KEY_USAGE_CERT_SIGN = {0x01, 0x06};

  private CertificateDer() {}

  /** A fresh EC P-256 key pair. */
  static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return generator.generateKeyPair();
  }

  /** A distinguished name with a common name only. */
  static byte[] name(String commonName) {
    return seq(set(seq(COMMON_NAME, tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
  }

  /** Validity must be an interval; the message quotes both ends. */
  static void checkValidity(Instant notBefore, Instant notAfter) {
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException(
          "notAfter must be after notBefore: " + notAfter + " <= " + notBefore);
    }
  }

  /** Critical basicConstraints: {@code cA} true or false. */
  static byte[] basicConstraints(boolean ca) {
    return extension(BASIC_CONSTRAINTS, true, ca ? seq(tlv(0x01, TRUE)) : seq());
  }

  /** Critical keyUsage with the given bit string (unused-bit count first). */
  static byte[] keyUsage(byte[] bits) {
    return extension(KEY_USAGE, true, tlv(0x03, bits));
  }

  /** extendedKeyUsage serverAuth. */
  static byte[] serverAuth() {
    return extension(EXTENDED_KEY_USAGE, false, seq(SERVER_AUTH));
  }

  /** subjectAltName: the DNS name, and for {@code localhost} also the IP 127.0.0.1. */
  static byte[] subjectAltNames(String dnsName) {
    byte[] dns = tlv(0x82, dnsName.getBytes(StandardCharsets.US_ASCII));
    byte[] names = dnsName.equals("localhost") ? seq(dns, tlv(0x87, LOOPBACK_V4)) : seq(dns);
    return extension(SUBJECT_ALT_NAME, false, names);
  }

  /**
   * Signs a certificate for {@code subjectKey} with {@code issuerKey}.
   *
   * @param extensions DER extensions from the methods above
   */
  static X509Certificate sign(byte[] subject, PublicKey subjectKey, byte[] issuer,
      PrivateKey issuerKey, Instant notBefore, Instant notAfter, byte[]... extensions)
      throws GeneralSecurityException {
    byte[] tbs = seq(
        tlv(0xA0, tlv(0x02, new byte[] {2})),
        tlv(0x02, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray()),
        seq(ECDSA_WITH_SHA256),
        issuer,
        seq(time(notBefore), time(notAfter)),
        subject,
        subjectKey.getEncoded(),
        tlv(0xA3, seq(extensions)));
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(issuerKey);
    signer.update(tbs);
    byte[] signature = signer.sign();
    byte[] bitString = new byte[signature.length + 1];
    System.arraycopy(signature, 0, bitString, 1, signature.length);
    byte[] der = seq(tbs, seq(ECDSA_WITH_SHA256), tlv(0x03, bitString));
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(der));
  }

  /** The certificate in PEM. */
  static String pem(X509Certificate certificate) {
    try {
      String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(certificate.getEncoded());
      return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode the certificate", e);
    }
  }

  /** UTCTime for 1950 to 2049, GeneralizedTime otherwise (RFC 5280, 4.1.2.5). */
  private static byte[] time(Instant t) {
    int year = ZonedDateTime.ofInstant(t, ZoneOffset.UTC).getYear();
    return year >= 1950 && year < 2050
        ? tlv(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII))
        : tlv(0x18, GENERALIZED_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] extension(byte[] oid, boolean critical, byte[] value) {
    return critical ? seq(oid, tlv(0x01, TRUE), tlv(0x04, value)) : seq(oid, tlv(0x04, value));
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
