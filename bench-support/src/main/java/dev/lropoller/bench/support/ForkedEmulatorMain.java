package dev.lropoller.bench.support;

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
 * The child side of {@link ForkedEmulator}: an {@link AutoMlEmulator} on a loopback port in a JVM
 * of its own, so the measuring JVM's heap, threads and CPU are the client's alone. Driven through
 * one-line commands on standard input; it reports what the runs measure: when each operation was
 * first answered done (detection lag), the requests per project, and the connections and TLS
 * handshakes it accepted.
 *
 * <p>Commands, each answered by one line {@code ok} on standard output:
 * <ul>
 *   <li>{@code start N POLLS PROJECTS FILE}: N {@code IMPORT_DATA} operations, done on their
 *       POLLS-th GET (0: never), spread round-robin over PROJECTS projects
 *       {@code projects/bench-pK}; names written to FILE, one a line. Resets the request log.
 *   <li>{@code stats FILE}: writes, one a line, the requests since the last reset; this JVM's CPU
 *       nanoseconds; the connections accepted, TLS handshakes completed and failed, and requests
 *       over h2 since start (one line, blank-separated); the number of projects, then per project
 *       its id, requests, the most requests in any 60 s window, the first-to-last span in µs and
 *       the requests answered 429 over the quota; then every started name's done-at in epoch µs
 *       (0 if not done). Resets the request log.
 *   <li>{@code quit}, or the end of standard input (the parent died): exits.
 * </ul>
 * Prints {@code ready URI} first (after writing the certificate when serving TLS).
 */
public final class ForkedEmulatorMain {
  /** The first line the child prints once it listens. */
  static final String READY = "ready ";
  /** Flags of {@link #main}. */
  static final List<String> FLAGS =
      List.of("--workers", "--quota-per-minute", "--log-capacity", "--tls-cert-out");
  /** The default log keeps enough requests for the per-project windows of the load run's budget row. */
  static final int LOG_CAPACITY = 400_000;

  private ForkedEmulatorMain() {}

  /**
   * Serves until {@code quit} or the end of standard input.
   *
   * @param args {@code --workers N} (event-loop threads, default 2), {@code --quota-per-minute N}
   *     (per-project quota, default none), {@code --log-capacity N} (requests kept for the
   *     per-project rows, default 400,000; 0 keeps none), {@code --tls-cert-out FILE} (serve
   *     HTTPS with h2 and HTTP/1.1 over ALPN on a self-signed certificate written to FILE as PEM)
   * @throws IOException if standard input or a file fails
   * @throws UsageException for a bad flag
   */
  public static void main(String[] args) throws IOException {
    CommandLine cl = CommandLine.parse(args, FLAGS, List.of());
    AutoMlEmulator.Builder builder = AutoMlEmulator.builder()
        .workerThreads(cl.atLeast("--workers", 1, 2))
        .logCapacity(cl.atLeast("--log-capacity", 0, LOG_CAPACITY));
    int quota = cl.atLeast("--quota-per-minute", 1, 0);
    if (quota > 0) {
      builder.quotaPerMinute(quota);
    }
    Path certOut = cl.path("--tls-cert-out", null);
    builder.tls(certOut != null);
    PrintStream out = System.out;
    List<String> names = new ArrayList<>();
    try (AutoMlEmulator emulator = builder.start()) {
      if (certOut != null) {
        Files.writeString(certOut, emulator.certificatePem());
      }
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
    lines.add(emulator.connectionsAccepted() + " " + emulator.handshakesCompleted() + " "
        + emulator.handshakesFailed() + " " + emulator.http2Requests());
    Map<String, List<Long>> perProject = new TreeMap<>();
    Map<String, Long> rejected = new HashMap<>();
    for (RecordedRequest r : emulator.requests()) {
      String[] seg = r.path().split("/");
      if (seg.length > 3 && seg[2].equals("projects")) {
        perProject.computeIfAbsent(seg[3], k -> new ArrayList<>()).add(micros(r.time()));
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
      lines.add(at == null ? "0" : Long.toString(micros(at)));
    }
    return lines;
  }

  /**
   * An instant in microseconds since the epoch, the unit of every time the child reports.
   *
   * @param t the instant
   * @return its microseconds
   */
  public static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  /** A 429 the emulator answered on its own, over the quota: not an injected fault (none are here). */
  static boolean isQuota429(RecordedRequest r) {
    return r.status() == 429 && r.fault() == null;
  }

  /**
   * The most entries of {@code times} (microseconds, any order) inside any window of {@code width}.
   *
   * @param times instants in microseconds
   * @param width the window, in microseconds
   * @return the most instants in one window
   */
  public static int maxInWindow(List<Long> times, long width) {
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
