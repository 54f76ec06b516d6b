package dev.lropoller.bench.fleet;

import java.util.List;
import java.util.Locale;

/** The markdown tables and the progress line {@link FleetLoadRun} prints. */
final class FleetTables {
  private FleetTables() {}

  /**
   * {@code a / b} with two decimals, or a dash without a base.
   *
   * @param a the measured value
   * @param b the base
   * @return the ratio as text
   */
  static String ratio(double a, double b) {
    return b <= 0 ? "—" : String.format(Locale.ROOT, "%.2f", a / b);
  }

  /**
   * The main table: what the emulator saw and how the watches ended, per row.
   *
   * @param results the rows
   * @return a markdown table
   */
  static String table(List<FleetLoadRun.RowResult> results) {
    StringBuilder b = new StringBuilder(
        "| row | budget | limit per replica | operations (replica split) | busiest 60 s per project at the emulator, min to max"
            + " | quota 429s | ended as scripted | unfinished at deadline | errors | mismatches | wall s"
            + " | replica 0: busiest 60 s per project, min to max | replica 0 of the quota |\n"
            + "|---|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (FleetLoadRun.RowResult r : results) {
      b.append(String.format(Locale.ROOT,
          "| %s | %s | %,d | %,d (%s) | %,d to %,d | %,d | %,d | %,d | %,d | %,d | %.1f | %,d to %,d | %s |%n",
          r.row().id(), r.row().fleet() ? "fleet (Redis)" : "local", r.row().limit(),
          r.row().operations(), weights(r.row().weights()), r.busiestMin(), r.busiestMax(),
          r.quota429s(), r.endedAsScripted(), r.unfinished(), r.errors(), r.mismatches(),
          r.wallSeconds(), r.heavyMin(), r.heavyMax(), percent(r.heavyMin(), r.heavyMax(),
              r.row().quotaPerMinute())));
    }
    return b.toString();
  }

  private static String weights(List<Integer> w) {
    return w.stream().map(String::valueOf).reduce((x, y) -> x + ":" + y).orElse("");
  }

  static String percent(int min, int max, int quota) {
    if (quota <= 0) {
      return "—";
    }
    long lo = Math.round(100.0 * min / quota);
    long hi = Math.round(100.0 * max / quota);
    return lo == hi ? lo + " %" : lo + " to " + hi + " %";
  }

  /**
   * The cost table: CPU per poll in the replicas and in Redis, Redis's script calls per poll,
   * memory and keys, cool-downs and degraded keys; then fleet against local for each pair of
   * rows measured in this run.
   *
   * @param results the rows
   * @return a markdown table and the ratios
   */
  static String costTable(List<FleetLoadRun.RowResult> results) {
    StringBuilder b = new StringBuilder(
        "| row | requests | replica CPU s | replica CPU µs/poll | Redis CPU µs/poll | EVALSHA+EVAL per poll"
            + " | Redis used_memory Δ KB | Redis keys at end | cool-downs | degraded keys | first error |\n"
            + "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
    for (FleetLoadRun.RowResult r : results) {
      b.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %.1f | %.1f | %.2f | %,.0f | %,d | %d | %d | %s |%n",
          r.row().id(), r.requests(), r.replicaCpuSeconds(), r.replicaMicrosPerPoll(),
          r.redisMicrosPerPoll(), r.scriptCallsPerPoll(), r.redisMemoryDelta() / 1024.0,
          r.redisKeys(), r.coolDowns(), r.degraded(), r.firstError().replace('|', '/')));
    }
    for (String[] pair : new String[][] {{"fleet", "local"}, {"cost-fleet", "cost-local"}}) {
      FleetLoadRun.RowResult fleet = find(results, pair[0]);
      FleetLoadRun.RowResult local = find(results, pair[1]);
      if (fleet != null && local != null) {
        b.append(String.format(Locale.ROOT,
            "%n%s against %s: replica CPU per poll ×%s, replica and Redis CPU per poll ×%s",
            pair[0], pair[1], ratio(fleet.replicaMicrosPerPoll(), local.replicaMicrosPerPoll()),
            ratio(fleet.replicaMicrosPerPoll() + fleet.redisMicrosPerPoll(),
                local.replicaMicrosPerPoll() + local.redisMicrosPerPoll())));
      }
    }
    return b.toString();
  }

  private static FleetLoadRun.RowResult find(List<FleetLoadRun.RowResult> results, String id) {
    return results.stream().filter(r -> r.row().id().equals(id)).findFirst().orElse(null);
  }

  static String line(FleetLoadRun.RowResult r) {
    return String.format(Locale.ROOT, "%s: %,d requests, busiest 60 s %d to %d, %d quota 429s, "
            + "%d as scripted, %d unfinished, %d errors, %d mismatches, wall %.1f s, %.1f µs/poll, "
            + "%.2f script calls/poll, first error %s",
        r.row().id(), r.requests(), r.busiestMin(), r.busiestMax(), r.quota429s(),
        r.endedAsScripted(), r.unfinished(), r.errors(), r.mismatches(), r.wallSeconds(),
        r.replicaMicrosPerPoll(), r.scriptCallsPerPoll(), r.firstError());
  }
}
