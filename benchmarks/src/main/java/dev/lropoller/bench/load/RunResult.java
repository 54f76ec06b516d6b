package dev.lropoller.bench.load;

/**
 * One contender's run of one scenario. Times in seconds, heap in MB, lag in ms; CPU per poll is
 * the CPU of both JVMs (client and emulator child) over the requests the emulator saw, and
 * "client" is the client JVM's alone. {@link #peakThreadsWithoutEmulator()} is the process peak minus the
 * emulator's own threads: what the contender's application would run with.
 * {@code maxPerProjectPerMinute} is the most requests of one project that arrived at the
 * emulator in any 60 s window; {@code quota429s} the requests it answered 429 over its
 * per-project quota (0 without one).
 */
public record RunResult(
    String contender, int operations, int polls, long intervalMs, double wallSeconds,
    double cpuSeconds, double emulatorCpuSeconds, long requests, double cpuMicrosPerPoll,
    double clientCpuMicrosPerPoll, double baselineHeapMb, double peakHeapMb, double maxHeapAfterGcMb, int peakThreads,
    int baselineThreads, int liveThreadsAtEnd, int emulatorThreads, String addedThreads, double lagP50Ms,
    double lagP99Ms, double lagMaxMs, int completed, int errors, String firstError,
    int subscribers, int projects, int maxPerProjectPerMinute, long quota429s) {

  /**
   * The process's peak live threads minus the emulator's.
   *
   * @return the count
   */
  public int peakThreadsWithoutEmulator() {
    return peakThreads - emulatorThreads;
  }

  static final String CSV_HEADER = "contender,operations,polls,interval_ms,wall_s,cpu_s,"
      + "emulator_cpu_s,requests,cpu_us_per_poll,client_cpu_us_per_poll,baseline_heap_mb,peak_heap_mb,"
      + "max_heap_after_gc_mb,peak_threads,baseline_threads,live_threads_at_end,emulator_threads,"
      + "added_threads,"
      + "lag_p50_ms,lag_p99_ms,lag_max_ms,completed,errors,first_error,subscribers,projects,"
      + "max_per_project_per_minute,quota_429s";

  String csv() {
    return String.join(",", contender, Integer.toString(operations), Integer.toString(polls),
        Long.toString(intervalMs), f(wallSeconds), f(cpuSeconds), f(emulatorCpuSeconds),
        Long.toString(requests), f(cpuMicrosPerPoll), f(clientCpuMicrosPerPoll), f(baselineHeapMb), f(peakHeapMb),
        f(maxHeapAfterGcMb), Integer.toString(peakThreads), Integer.toString(baselineThreads),
        Integer.toString(liveThreadsAtEnd), Integer.toString(emulatorThreads), quote(addedThreads), f(lagP50Ms), f(lagP99Ms),
        f(lagMaxMs), Integer.toString(completed), Integer.toString(errors),
        quote(firstError == null ? "" : firstError), Integer.toString(subscribers),
        Integer.toString(projects), Integer.toString(maxPerProjectPerMinute), Long.toString(quota429s));
  }

  private static String f(double v) {
    return String.format(java.util.Locale.ROOT, "%.3f", v);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\"", "\"\"").replace('\n', ' ') + "\"";
  }
}
