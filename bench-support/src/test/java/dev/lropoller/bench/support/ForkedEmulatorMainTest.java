package dev.lropoller.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.Fault;
import dev.lropoller.testing.emulator.OperationScript;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

/** What the emulator child reports: the sliding 60 s window of the budget row, quota 429s per project. */
class ForkedEmulatorMainTest {

  @Test
  void mostInAnyWindowCountsTheDensestStretchOnly() {
    long s = 1_000_000L;
    List<Long> times = List.of(0L, 10 * s, 59 * s, 60 * s, 61 * s, 62 * s, 200 * s);
    // [10 s, 62 s] holds five; a window from 0 must stop before 60 s
    assertThat(ForkedEmulatorMain.maxInWindow(times, 60 * s)).isEqualTo(5);
    assertThat(ForkedEmulatorMain.maxInWindow(List.of(), 60 * s)).isZero();
    assertThat(ForkedEmulatorMain.maxInWindow(List.of(5L, 5L, 5L), 1)).isEqualTo(3);
  }

  @Test
  void statsCountQuota429sPerProjectButNotInjected429s() {
    try (AutoMlEmulator emulator = AutoMlEmulator.builder().quotaPerMinute(2).start()) {
      String a = start(emulator, "projects/a/locations/l");
      String b = start(emulator, "projects/b/locations/l");
      emulator.faults().next(Fault.tooManyRequests(Duration.ofSeconds(1)));
      // a: an injected 429 (counts for the quota: it reached the project), one 200, then over quota
      assertThat(statuses(emulator, a, 4)).containsExactly(429, 200, 429, 429);
      assertThat(statuses(emulator, b, 2)).containsExactly(200, 200);

      List<String> lines = ForkedEmulatorMain.stats(emulator, List.of(a, b));

      assertThat(lines.get(0)).isEqualTo("6");
      // plain HTTP: connections, but no handshakes and no h2 request
      assertThat(lines.get(2)).matches("[1-9][0-9]* 0 0 0");
      assertThat(lines.get(3)).isEqualTo("2");
      assertThat(lines.get(4)).startsWith("a 4 4 ").endsWith(" 2");
      assertThat(lines.get(5)).startsWith("b 2 2 ").endsWith(" 0");
      assertThat(lines).hasSize(8);
    }
  }

  private static String start(AutoMlEmulator emulator, String parent) {
    return emulator.startOperation(OperationScript.builder(AutoMlRpc.IMPORT_DATA).parent(parent).neverDone().build());
  }

  private static List<Integer> statuses(AutoMlEmulator emulator, String name, int n) {
    HttpClient http = HttpClient.create().baseUrl(emulator.baseUri().toString());
    return Flux.range(0, n)
        .concatMap(i -> http.get().uri("/v1/" + name).responseSingle((res, body) -> body.then(
            reactor.core.publisher.Mono.just(res.status().code())).defaultIfEmpty(res.status().code())))
        .collectList().block(Duration.ofSeconds(10));
  }
}
