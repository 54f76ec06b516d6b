package dev.lropoller.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The emulator in a child JVM, end to end over the same wire the load runs use. */
class ForkedEmulatorTest {

  @Test
  @Timeout(120)
  void aPlainChildReportsRequestsPerProjectAndWhenEachOperationWasDone() throws Exception {
    try (ForkedEmulator emulator = ForkedEmulator.plain(1, "256m", 0)) {
      assertThat(emulator.baseUri().getScheme()).isEqualTo("http");
      assertThat(emulator.certificate()).isNull();
      List<String> names = emulator.start(4, 1, 2);
      assertThat(names).hasSize(4).allMatch(n -> n.startsWith("projects/bench-p"));

      ConnectionProvider pool = ConnectionProvider.create("forked-plain", 1);
      try {
        assertThat(get(HttpClient.create(pool).baseUrl(emulator.baseUri().toString()), names.subList(0, 3)))
            .containsOnly(200);
      } finally {
        pool.disposeLater().block(Duration.ofSeconds(10));
      }
      ForkedEmulator.Stats stats = emulator.stats();

      assertThat(stats.requests()).isEqualTo(3);
      assertThat(stats.cpuNanos()).isPositive();
      assertThat(stats.connections()).isEqualTo(1);
      assertThat(stats.handshakes()).isZero();
      assertThat(stats.http2Requests()).isZero();
      assertThat(stats.projects()).extracting(ForkedEmulator.ProjectRate::project)
          .containsExactly("bench-p0", "bench-p1");
      assertThat(stats.projects()).extracting(ForkedEmulator.ProjectRate::requests).containsExactly(2L, 1L);
      // done on the first GET: the three read are done, the fourth was never asked
      assertThat(stats.doneAtMicros()).hasSize(4);
      assertThat(stats.doneAtMicros()[0]).isPositive();
      assertThat(stats.doneAtMicros()[2]).isPositive();
      assertThat(stats.doneAtMicros()[3]).isZero();
      assertThat(emulator.stats().requests()).as("stats reset the log").isZero();
    }
  }

  @Test
  @Timeout(120)
  void aTlsChildServesH2OnItsCertificateAndCountsHandshakes() throws Exception {
    try (ForkedEmulator emulator = ForkedEmulator.tls(1, "256m")) {
      assertThat(emulator.baseUri().getScheme()).isEqualTo("https");
      List<String> names = emulator.start(3, 2, 1);
      ConnectionProvider pool = ConnectionProvider.create("forked-tls", 1);
      try {
        Http2SslContextSpec trust =
            Http2SslContextSpec.forClient().configure(b -> b.trustManager(emulator.certificate()));
        HttpClient h2 = HttpClient.create(pool).protocol(HttpProtocol.H2)
            .baseUrl(emulator.baseUri().toString()).secure(s -> s.sslContext(trust));
        assertThat(get(h2, names)).containsOnly(200);
        assertThat(get(h2, names)).containsOnly(200);
      } finally {
        pool.disposeLater().block(Duration.ofSeconds(10));
      }
      ForkedEmulator.Stats stats = emulator.stats();

      assertThat(stats.requests()).isEqualTo(6);
      assertThat(stats.http2Requests()).isEqualTo(6);
      assertThat(stats.handshakes()).isEqualTo(stats.connections()).isPositive();
      assertThat(stats.failedHandshakes()).isZero();
      assertThat(stats.projects()).as("no request log over TLS").isEmpty();
      assertThat(stats.doneAtMicros()).hasSize(3).doesNotContain(0L);
    }
  }

  private static List<Integer> get(HttpClient http, List<String> names) {
    return Flux.fromIterable(names)
        .concatMap(n -> http.get().uri("/v1/" + n).responseSingle((res, body) -> body.asString()
            .thenReturn(res.status().code()).defaultIfEmpty(res.status().code())))
        .collectList().block(Duration.ofSeconds(20));
  }
}
