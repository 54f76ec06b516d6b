package dev.lropoller.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.bench.support.ForkedEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fleet load run's pure parts: its command line, rows, split, tables and Redis's counters. */
class FleetLoadRunTest {

  @Test
  void defaultsAreTheIssuesRun() {
    FleetLoadRun.Config c = FleetLoadRun.parse(new String[0]);

    assertThat(c.rows()).isEqualTo(FleetLoadRun.ROWS);
    assertThat(c.projects()).isEqualTo(20);
    assertThat(c.quotaPerMinute()).isEqualTo(600);
    assertThat(c.maxRequestsPerMinute()).isEqualTo(600);
    assertThat(c.replicas()).isEqualTo(3);
    assertThat(c.unevenWeights()).containsExactly(18, 1, 1);
    assertThat(c.costOperations()).isEqualTo(10_000);
    assertThat(c.deadline()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void badValuesAreRefusedQuotingThem() {
    assertThatThrownBy(() -> FleetLoadRun.parse(new String[] {"--rows", "fleet,fast"}))
        .hasMessageContaining("\"fast\"");
    assertThatThrownBy(() -> FleetLoadRun.parse(new String[] {"--uneven-weights", "9,1"}))
        .hasMessageContaining("\"[9, 1]\"").hasMessageContaining("3 weights");
    assertThatThrownBy(() -> FleetLoadRun.parse(new String[] {"--uneven-weights", "9,0,1"}))
        .hasMessageContaining("\"[9, 0, 1]\"");
    assertThatThrownBy(() -> FleetLoadRun.parse(new String[] {"--replica-heap", "lots"}))
        .hasMessageContaining("\"lots\"");
    assertThatThrownBy(() -> FleetLoadRun.parse(new String[] {"--projects", "0"}))
        .hasMessageContaining("\"0\"");
  }

  @Test
  void rowsSetTheBudgetTheLimitAndTheQuota() {
    FleetLoadRun.Config c = FleetLoadRun.parse(new String[0]);

    FleetLoadRun.Row fleet = FleetLoadRun.row("fleet", c);
    FleetLoadRun.Row split = FleetLoadRun.row("uneven-static", c);
    FleetLoadRun.Row cost = FleetLoadRun.row("cost-local", c);

    assertThat(fleet.fleet()).isTrue();
    assertThat(fleet.weights()).containsExactly(1, 1, 1);
    assertThat(fleet.quotaPerMinute()).isEqualTo(600);
    assertThat(split.fleet()).isFalse();
    assertThat(split.limit()).isEqualTo(200);
    assertThat(split.weights()).containsExactly(18, 1, 1);
    assertThat(cost.quotaPerMinute()).isZero();
    assertThat(cost.warmupOperations()).isEqualTo(2000);
    assertThatThrownBy(() -> FleetLoadRun.row("slow", c)).hasMessageContaining("\"slow\"");
  }

  @Test
  void theSplitKeepsEachReplicasShareInEveryProject() {
    List<String> names = IntStream.range(0, 4000)
        .mapToObj(i -> "projects/bench-p" + (i % 20) + "/locations/l/operations/" + i).toList();

    List<List<String>> split = FleetLoadRun.split(names, 20, List.of(18, 1, 1));

    assertThat(split).extracting(List::size).containsExactly(3600, 200, 200);
    for (List<String> replica : split) {
      Map<String, Long> perProject = replica.stream().collect(
          java.util.stream.Collectors.groupingBy(FleetLoadRun::project, java.util.stream.Collectors.counting()));
      assertThat(perProject).hasSize(20);
      assertThat(perProject.values()).containsOnly((long) replica.size() / 20);
    }
    assertThat(FleetLoadRun.split(names.subList(0, 60), 20, List.of(1, 1, 1)))
        .extracting(List::size).containsExactly(20, 20, 20);
  }

  @Test
  void theProjectIsTheNamesSecondSegment() {
    assertThat(FleetLoadRun.project("projects/bench-p7/locations/us-central1/operations/12"))
        .isEqualTo("bench-p7");
    assertThatThrownBy(() -> FleetLoadRun.project("operations/12")).hasMessageContaining("\"operations/12\"");
  }

  @Test
  void ratiosAndSharesOfTheQuota() {
    assertThat(FleetTables.ratio(13, 10)).isEqualTo("1.30");
    assertThat(FleetTables.ratio(13, 0)).isEqualTo("—");
    assertThat(FleetTables.percent(540, 540, 600)).isEqualTo("90 %");
    assertThat(FleetTables.percent(198, 204, 600)).isEqualTo("33 to 34 %");
    assertThat(FleetTables.percent(750, 750, 0)).isEqualTo("—");
  }

  @Test
  void redisCountersAreReadFromInfo() {
    RedisSample s = RedisSample.parse(
        "# Commandstats\r\ncmdstat_evalsha:calls=120,usec=900,usec_per_call=7.50\r\n"
            + "cmdstat_eval:calls=3,usec=60,usec_per_call=20.00\r\ncmdstat_info:calls=9,usec=1\r\n",
        "# CPU\r\nused_cpu_sys:1.250000\r\nused_cpu_user:0.750000\r\n",
        "# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\n");

    assertThat(s.scriptCalls()).isEqualTo(123);
    assertThat(s.cpuSeconds()).isEqualTo(2.0);
    assertThat(s.usedMemory()).isEqualTo(1_048_576);
    assertThatThrownBy(() -> RedisSample.parse("", "used_cpu_sys:1\r\n", "used_memory:1\r\n"))
        .hasMessageContaining("used_cpu_user").hasMessageContaining("\"used_cpu_sys:1");
  }

  @Test
  void aReplicasResultFileIsReadBack() {
    ReplicaResult r = ReplicaResult.parse(List.of("cpuNanos 5000", "unfinished 1", "errors 2",
        "coolDowns 3", "degraded 0", "firstError op: boom", "sent bench-p0 10 20 30", "sent bench-p1 40",
        "ended projects/bench-p0/operations/1 99"));

    assertThat(r.cpuNanos()).isEqualTo(5000);
    assertThat(r.unfinished()).isEqualTo(1);
    assertThat(r.errors()).isEqualTo(2);
    assertThat(r.coolDowns()).isEqualTo(3);
    assertThat(r.firstError()).isEqualTo("op: boom");
    assertThat(r.sentMicros()).containsEntry("bench-p0", List.of(10L, 20L, 30L));
    assertThat(r.requests()).isEqualTo(4);
    assertThat(r.endedMicros()).containsEntry("projects/bench-p0/operations/1", 99L);
    assertThatThrownBy(() -> ReplicaResult.parse(List.of("speed 3"))).hasMessageContaining("\"speed 3\"");
  }

  @Test
  void aCompletionIsAMismatchUnlessTheEmulatorAnsweredDoneFirst() {
    FleetLoadRun.Row row = FleetLoadRun.row("uneven-fleet", FleetLoadRun.parse(new String[0]));
    List<String> names = List.of("projects/a/operations/0", "projects/a/operations/1",
        "projects/a/operations/2", "projects/a/operations/3");
    ForkedEmulator.Stats stats = new ForkedEmulator.Stats(700, 0, 0, 0, 0, 0, List.of(
        new ForkedEmulator.ProjectRate("a", 650, 600, 1, 50),
        new ForkedEmulator.ProjectRate("b", 50, 40, 1, 0)), new long[] {100, 200, 0, 300});
    // replica 0: op 0 ends after done, op 1 before the emulator said done, op 2 never done there;
    // its sends: 3 in one minute, a fourth 61 s after the first
    long minute = 60_000_000L;
    ReplicaResult heavy = new ReplicaResult(2_000_000_000L, 0, 0, 0, 0, "null",
        Map.of("a", List.of(0L, 1L, 2L, minute + 1_000_000L)),
        Map.of(names.get(0), 150L, names.get(1), 150L, names.get(2), 150L));
    ReplicaResult light = new ReplicaResult(1_000_000_000L, 1, 1, 2, 1, "op 3: boom",
        Map.of("a", List.of(5L)), Map.of(names.get(3), 0L));

    FleetLoadRun.RowResult r = FleetLoadRun.summarize(row, names, stats, new ArrayList<>(List.of(heavy, light)),
        10, new RedisSample(10, 1.0, 0), new RedisSample(1410, 1.7, 0), 4, 2048);

    assertThat(r.endedAsScripted()).isEqualTo(1);
    assertThat(r.mismatches()).isEqualTo(2);
    assertThat(r.errors()).isEqualTo(1);
    assertThat(r.unfinished()).isEqualTo(1);
    assertThat(r.busiestMin()).isEqualTo(40);
    assertThat(r.busiestMax()).isEqualTo(600);
    assertThat(r.quota429s()).isEqualTo(50);
    assertThat(r.heavyMin()).isEqualTo(3);
    assertThat(r.replicaMicrosPerPoll()).isEqualTo(3e9 / 1e3 / 700);
    assertThat(r.scriptCallsPerPoll()).isEqualTo(2.0);
    assertThat(r.redisMicrosPerPoll()).isCloseTo(1000.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(r.firstError()).isEqualTo("op 3: boom");
    assertThat(FleetTables.table(List.of(r)))
        .contains("| uneven-fleet | fleet (Redis) | 600 | 4,000 (18:1:1) | 40 to 600 | 50 | 1 | 1 | 1 | 2 | 10.0 | 3 to 3 | 1 % |");
  }

  @Test
  void theCostTableComparesFleetWithLocalFromTheSameRun() {
    FleetLoadRun.Config c = FleetLoadRun.parse(new String[0]);
    FleetLoadRun.RowResult fleet = result(FleetLoadRun.row("cost-fleet", c), 13.0, 60_000);
    FleetLoadRun.RowResult local = result(FleetLoadRun.row("cost-local", c), 10.0, 0);

    String table = FleetTables.costTable(List.of(fleet, local));

    assertThat(table).contains("| cost-fleet | 30,000 | 13.00 | 433.3 | 0.0 | 2.00 | 2 | 40 | 0 | 0 | null |");
    assertThat(table).contains("cost-fleet against cost-local: replica CPU per poll ×1.30");
    assertThat(FleetTables.costTable(List.of(fleet))).doesNotContain("against");
  }

  @Test
  void theOutageRowIsNamedOnlyAndSpreadsItsStarts() {
    FleetLoadRun.Config c = FleetLoadRun.parse(new String[] {"--rows", "outage", "--outage-at", "20s"});
    FleetLoadRun.Row outage = FleetLoadRun.row("outage", c);

    assertThat(FleetLoadRun.ROWS).doesNotContain("outage");
    assertThat(outage.fleet()).isTrue();
    assertThat(outage.operations()).isEqualTo(10_000);
    assertThat(outage.startOver()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.outageAt()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.outageFor()).isEqualTo(Duration.ofSeconds(30));
    assertThat(FleetLoadRun.row("fleet", c).startOver()).isZero();
  }

  @Test
  void theOutageReportCountsTransitionsAndTheRequestsSentWhileRedisWasDown() {
    long s = 1_000_000L;
    ReplicaResult a = ReplicaResult.parse(List.of("cpuNanos 1", "unfinished 0", "errors 0",
        "coolDowns 0", "degraded 1", "firstError null", "sent p1 " + 5 * s + " " + 11 * s + " " + 12 * s
            + " " + 45 * s, "sent p2 " + 13 * s,
        "transition degraded p1 " + 11 * s, "transition restored p1 " + 44 * s));
    ReplicaResult b = ReplicaResult.parse(List.of("cpuNanos 1", "unfinished 0", "errors 0",
        "coolDowns 0", "degraded 0", "firstError null", "sent p1 " + 20 * s + " " + 50 * s));

    String report = OutageReport.render(
        new RedisOutage.Times(10 * s, 40 * s, "save=\"\" appendonly=no", 7, false), List.of(a, b), 600);

    assertThat(a.transitions()).containsExactly(new ReplicaResult.Transition(false, "p1", 11 * s),
        new ReplicaResult.Transition(true, "p1", 44 * s));
    assertThat(report).contains("Redis down 30.0 s", "lost (marker key gone)");
    // replica 0: p1 sent 2 in [10 s, 40 s), 2 in [10 s, 44 s) (45 s is after the restore)
    assertThat(report).contains("| 0 | 1 | 1 | 1.0 | 4.0 | 2 | 2 | 300 |");
    assertThat(report).contains("| 1 | 0 | 0 | — | — | 1 | 1 | 300 |");
    assertThat(report).contains("3 sent while Redis was down (30.0 s), 3 from the stop to the last"
        + " restore (34.0 s); fallback budget 600 per 60 s (2 replicas × 300)");
  }

  private static FleetLoadRun.RowResult result(FleetLoadRun.Row row, double cpu, long calls) {
    return new FleetLoadRun.RowResult(row, 0, 0, 0, 10_000, 0, 0, 0, 5, 30_000, cpu, 0, calls, 2048,
        40, 0, 0, 0, 0, "null");
  }
}
