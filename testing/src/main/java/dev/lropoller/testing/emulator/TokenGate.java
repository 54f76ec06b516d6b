package dev.lropoller.testing.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Bearer token checks. Tokens are compared, never stored in logs or messages. */
final class TokenGate {
  private final boolean required;
  private final Set<String> accepted;
  private final Map<String, String> rejected = new ConcurrentHashMap<>();

  TokenGate(boolean required, Set<String> accepted) {
    this.required = required || !accepted.isEmpty();
    this.accepted = Set.copyOf(accepted);
  }

  void reject(String token, String why) {
    rejected.put(token, why);
  }

  /** The outcome of checking one {@code Authorization} header value (may be null). */
  Check check(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return required
          ? new Check(false, false, "", "CREDENTIALS_MISSING")
          : new Check(false, true, "", null);
    }
    String token = bearer(authorization);
    if (token == null) {
      return required
          ? new Check(true, false, "", "ACCESS_TOKEN_TYPE_UNSUPPORTED")
          : new Check(true, true, "", null);
    }
    String fp = fingerprint(token);
    String why = rejected.get(token);
    if (why != null) {
      return new Check(true, false, fp, why);
    }
    if (!accepted.isEmpty() && !accepted.contains(token)) {
      return new Check(true, false, fp, "ACCESS_TOKEN_INVALID");
    }
    return new Check(true, true, fp, null);
  }

  private static String bearer(String header) {
    String h = header.trim();
    if (h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String t = h.substring(7).trim();
      return t.isEmpty() ? null : t;
    }
    return null;
  }

  static String fingerprint(String token) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  /** The check result; {@code reason} is an ErrorInfo reason when rejected. */
  record Check(boolean present, boolean accepted, String fingerprint, String reason) {}
}
