package dev.lropoller.bench.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TlsLoadRunRoundsTest {

  @Test
  void mediansCompareEachContenderWithTheMedianOfLroHttp11() {
    List<TlsLoadRun.Result> results = List.of(
        result("lro-h1", 200.0, 0), result("lro-h2", 60.0, 0),
        result("lro-h2", 80.0, 1), result("lro-h1", 100.0, 0),
        result("lro-h1", 120.0, 0), result("lro-h2", 70.0, 0));
    String table = TlsLoadRun.medians(results, List.of("lro-h2", "lro-h1"));
    assertThat(table)
        .contains("| 1,000 | lro-h2 | [60.0, 80.0, 70.0] | 70.0 | 0.58 | 2 | 5.0 | 1 |")
        .contains("| 1,000 | lro-h1 | [200.0, 100.0, 120.0] | 120.0 | 1.00 | 2 | 5.0 | 0 |");
  }

  /** 1,000 requests, so CPU µs/poll = cpuSeconds * 1000. */
  private static TlsLoadRun.Result result(String id, double micros, int errors) {
    return new TlsLoadRun.Result(id, 1_000, 1_000, 1.0, micros / 1_000, 2, 2, 0, 0, 1.0, 5.0,
        1_000 - errors, errors, errors == 0 ? null : "boom");
  }
}
