package dev.lropoller.bench.vertex;

import java.util.Locale;

/**
 * What one measured run of the Vertex load run saw.
 *
 * @param shape jobs or operations
 * @param runs runs watched
 * @param asScripted watches that ended in their scripted state
 * @param mismatches watches that ended in another state
 * @param errors watches that ended in an error or did not end before the deadline
 * @param wallSeconds from the first subscription to the last end
 * @param requests requests the emulator answered
 * @param quota429s requests the emulator answered 429 over a project and location's quota
 * @param keys project and location pairs that got requests
 * @param leastPeakPerMinute the lowest, over the pairs, of a pair's busiest 60 s of arrivals
 * @param mostPeakPerMinute the highest, over the pairs, of a pair's busiest 60 s of arrivals
 * @param processCpuSeconds the whole process's CPU during the run
 * @param emulatorCpuSeconds the emulator's event-loop threads' CPU during the run
 * @param jitSeconds the JIT compilers' time during the run, as the compilation bean reports it:
 *     a one-time cost of code still warming up, inside the client's share
 */
record ShapeResult(LoadShape shape, int runs, int asScripted, int mismatches, int errors,
    double wallSeconds, long requests, long quota429s, int keys, int leastPeakPerMinute,
    int mostPeakPerMinute, double processCpuSeconds, double emulatorCpuSeconds, double jitSeconds) {

  /** Client CPU per request, µs: process CPU less the emulator's threads. */
  double clientMicrosPerPoll() {
    return requests == 0 ? 0 : (processCpuSeconds - emulatorCpuSeconds) * 1e6 / requests;
  }

  /** Client CPU per request less the JIT compilers' time, µs: the cost once the code is warm. */
  double warmClientMicrosPerPoll() {
    return requests == 0 ? 0
        : (processCpuSeconds - emulatorCpuSeconds - jitSeconds) * 1e6 / requests;
  }

  /** Process CPU per request, µs, emulator included. */
  double totalMicrosPerPoll() {
    return requests == 0 ? 0 : processCpuSeconds * 1e6 / requests;
  }

  /** The table's header. */
  static String header() {
    return "| shape | runs | ended as scripted | mismatches | errors | wall s | requests | requests/run"
        + " | quota 429s | busiest 60 s per project+location | client CPU s | emulator CPU s"
        + " | JIT s | client µs/poll | client less JIT µs/poll | process µs/poll |\n"
        + "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
  }

  /** One table row. */
  String row() {
    return String.format(Locale.ROOT,
        "| %s | %,d | %,d | %,d | %,d | %.1f | %,d | %.2f | %,d | %,d to %,d (%d pairs) | %.2f | %.2f | %.2f | %.1f | %.1f | %.1f |%n",
        shape.id(), runs, asScripted, mismatches, errors, wallSeconds, requests,
        requests / (double) runs, quota429s, leastPeakPerMinute, mostPeakPerMinute, keys,
        processCpuSeconds - emulatorCpuSeconds, emulatorCpuSeconds, jitSeconds,
        clientMicrosPerPoll(), warmClientMicrosPerPoll(), totalMicrosPerPoll());
  }
}
