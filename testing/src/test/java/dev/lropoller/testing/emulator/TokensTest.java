package dev.lropoller.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
  @Test
  void anyTokenByDefaultUntilRevokedOrExpired() {
    try (AutoMlEmulator emulator = AutoMlEmulator.start()) {
      String name = emulator.startOperation(AutoMlRpc.CREATE_MODEL);
      TestHttp http = new TestHttp(emulator);
      assertThat(http.op(name).status()).isEqualTo(200);
      assertThat(http.withToken("tok-a").op(name).status()).isEqualTo(200);

      emulator.revokeToken("tok-a");
      emulator.expireToken("tok-b");
      TestHttp.Resp revoked = http.withToken("tok-a").op(name);
      assertThat(revoked.status()).isEqualTo(401);
      assertThat(revoked.json().at("/error/status").asText()).isEqualTo("UNAUTHENTICATED");
      assertThat(revoked.json().at("/error/details/0/reason").asText()).isEqualTo("ACCESS_TOKEN_REVOKED");
      assertThat(revoked.body()).doesNotContain("tok-a");
      assertThat(http.withToken("tok-b").op(name).json().at("/error/details/0/reason").asText())
          .isEqualTo("ACCESS_TOKEN_EXPIRED");
      assertThat(http.withToken("tok-c").op(name).status()).isEqualTo(200);

      RecordedRequest last = emulator.requests().get(emulator.requests().size() - 1);
      assertThat(last.tokenPresent()).isTrue();
      assertThat(last.tokenAccepted()).isTrue();
      assertThat(last.tokenFingerprint()).startsWith("sha256:").hasSize(15);
      assertThat(last.toString()).doesNotContain("tok-c");
      RecordedRequest rejected = emulator.requests().get(2);
      assertThat(rejected.tokenAccepted()).isFalse();
      assertThat(rejected.status()).isEqualTo(401);
      assertThat(emulator.pollCount(name)).isEqualTo(3);
    }
  }

  @Test
  void requiredTokensRejectMissingAndUnknownOnes() {
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().acceptedTokens(Set.of("good")).start()) {
      String name = emulator.startOperation(AutoMlRpc.CREATE_MODEL);
      TestHttp http = new TestHttp(emulator);
      TestHttp.Resp missing = http.op(name);
      assertThat(missing.status()).isEqualTo(401);
      assertThat(missing.json().at("/error/details/0/reason").asText()).isEqualTo("CREDENTIALS_MISSING");
      assertThat(missing.headers().get("WWW-Authenticate")).startsWith("Bearer");
      assertThat(http.withToken("bad").op(name).status()).isEqualTo(401);
      assertThat(http.withToken("good").op(name).status()).isEqualTo(200);
      assertThat(emulator.requests()).extracting(RecordedRequest::tokenPresent).containsExactly(false, true, true);
      assertThat(emulator.toString()).doesNotContain("good");
    }
  }
}
