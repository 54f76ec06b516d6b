package dev.lropoller.bench.load;

import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import dev.lropoller.testing.emulator.RecordedRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The load run's server JVM: an {@link AutoMlEmulator} on a loopback port, driven by the parent
 * ({@link EmulatorChild}) through one-line commands on standard input, so the client JVM's heap,
 * threads and CPU are the contender's alone. The standalone {@code EmulatorMain} serves the same
 * emulator but has no channel back for what the run measures: when each operation was first
 * answered done (detection lag) and when each request arrived per project.
 *
 * <p>Commands, each answered by one line on standard output:
 * <ul>
 *   <li>{@code start N POLLS PROJECTS FILE}: N operations, done on their POLLS-th GET (0: never),
 *       spread round-robin over PROJECTS projects {@code projects/bench-pK}; names written to
 *       FILE, one a line. Answers {@code ok}.
 *   <li>{@code stats FILE}: writes the request count, this JVM's CPU nanoseconds, per project the
 *       request count, the most requests that arrived in any 60 s window, the first-to-last span
 *       and the requests answered 429 over the quota, then every started name's
 *       done-at in epoch microseconds (0 if not done). Answers {@code ok}. Resets the log.
 *   <li>{@code quit}, or the end of standard input (the parent died): exits.
 * </ul>
 * Prints {@code ready URI} first. With {@code --quota-per-minute N} the emulator enforces a
 * per-project quota ({@code AutoMlEmulator.Builder#quotaPerMinute}).
 */
public final class EmulatorProcess {
  /** The first line the child prints once it listens. */
  static final String READY = "ready ";
  /** The log keeps this many requests, enough for the per-project windows of the budget row. */
  static final int LOG_CAPACITY = 400_000;

  private EmulatorProcess() {}

  /**
   * Serves until {@code quit} or the end of standard input.
   *
   * @param args {@code --workers N} (event-loop threads, default 2), {@code --quota-per-minute N}
   *     (per-project quota, default none)
   * @throws IOException if standard input or a file fails
   */
  public static void main(String[] args) throws IOException {
    int workers = 2;
    int quota = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--workers" -> workers = Integer.parseInt(args[i + 1]);
        case "--quota-per-minute" -> quota = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown flag \"" + args[i]
            + "\"; flags: --workers N --quota-per-minute N");
      }
    }
    PrintStream out = System.out;
    List<String> names = new ArrayList<>();
    AutoMlEmulator.Builder builder = AutoMlEmulator.builder().workerThreads(workers).logCapacity(LOG_CAPACITY);
    if (quota > 0) {
      builder.quotaPerMinute(quota);
    }
    try (AutoMlEmulator emulator = builder.start()) {
      out.println(READY + emulator.baseUri());
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
        String[] w = line.trim().split(" ");
        switch (w[0]) {
          case "start" -> {
            names.clear();
            names.addAll(start(emulator, Integer.parseInt(w[1]), Integer.parseInt(w[2]),
                Integer.parseInt(w[3])));
            Files.write(Path.of(w[4]), names);
            emulator.resetLog();
          }
          case "stats" -> {
            Files.write(Path.of(w[1]), stats(emulator, names));
            emulator.resetLog();
          }
          default -> throw new IllegalArgumentException("unknown command \"" + line + "\"");
        }
        out.println("ok");
        out.flush();
      }
    }
  }

  static String project(int i, int projects) {
    return "projects/bench-p" + (i % projects);
  }

  private static List<String> start(AutoMlEmulator emulator, int n, int polls, int projects) {
    Map<Integer, OperationScript> scripts = new HashMap<>();
    List<String> created = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int p = i % projects;
      OperationScript script = scripts.computeIfAbsent(p, k -> {
        OperationScript.Builder b = OperationScript.builder(AutoMlRpc.IMPORT_DATA)
            .parent(project(k, projects) + "/locations/us-central1");
        return (polls > 0 ? b.doneAfterPolls(polls) : b.neverDone()).build();
      });
      created.add(emulator.startOperation(script));
    }
    return created;
  }

  static List<String> stats(AutoMlEmulator emulator, List<String> names) {
    List<String> lines = new ArrayList<>();
    lines.add(Long.toString(emulator.requestCount()));
    lines.add(Long.toString(((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()));
    Map<String, List<Long>> perProject = new TreeMap<>();
    Map<String, Long> rejected = new HashMap<>();
    for (RecordedRequest r : emulator.requests()) {
      String[] seg = r.path().split("/");
      if (seg.length > 3 && seg[2].equals("projects")) {
        perProject.computeIfAbsent(seg[3], k -> new ArrayList<>()).add(Outcomes.micros(r.time()));
        if (isQuota429(r)) {
          rejected.merge(seg[3], 1L, Long::sum);
        }
      }
    }
    lines.add(Integer.toString(perProject.size()));
    perProject.forEach((project, times) -> lines.add(project + " " + times.size() + " "
        + maxInWindow(times, 60_000_000L) + " " + (times.isEmpty() ? 0 : times.get(times.size() - 1) - times.get(0))
        + " " + rejected.getOrDefault(project, 0L)));
    for (String name : names) {
      Instant at = emulator.doneAt(name);
      lines.add(at == null ? "0" : Long.toString(Outcomes.micros(at)));
    }
    return lines;
  }

  /** A 429 the emulator answered on its own, over the quota: not an injected fault (none are here). */
  static boolean isQuota429(RecordedRequest r) {
    return r.status() == 429 && r.fault() == null;
  }

  /** The most entries of {@code times} (microseconds, any order) inside any window of {@code width}. */
  static int maxInWindow(List<Long> times, long width) {
    long[] t = times.stream().mapToLong(Long::longValue).sorted().toArray();
    int best = 0;
    int from = 0;
    for (int to = 0; to < t.length; to++) {
      while (t[to] - t[from] >= width) {
        from++;
      }
      best = Math.max(best, to - from + 1);
    }
    return best;
  }
}
