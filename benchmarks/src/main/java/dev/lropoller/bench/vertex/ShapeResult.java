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
 * @param spent the process's CPU and allocation during the run, split between the emulator's
 *     threads and the rest (see {@link CpuSample})
 */
record ShapeResult(LoadShape shape, int runs, int asScripted, int mismatches, int errors,
    double wallSeconds, long requests, long quota429s, int keys, int leastPeakPerMinute,
    int mostPeakPerMinute, CpuSample spent) {

  /** Client CPU per request, µs: process CPU less the emulator's threads. */
  double clientMicrosPerPoll() {
    return perPoll(spent.processNanos() - spent.emulatorNanos()) / 1e3;
  }

  /** Client CPU per request less the JIT compilers' time, µs: the cost once the code is warm. */
  double warmClientMicrosPerPoll() {
    return perPoll(spent.processNanos() - spent.emulatorNanos() - spent.jitNanos()) / 1e3;
  }

  /** Process CPU per request, µs, emulator included. */
  double totalMicrosPerPoll() {
    return perPoll(spent.processNanos()) / 1e3;
  }

  /** CPU of the client's own Java threads per request, µs: no collector, no JIT, no emulator. */
  double clientJavaMicrosPerPoll() {
    return perPoll(spent.clientJavaNanos()) / 1e3;
  }

  /**
   * Client CPU per request with the collector's work split by who allocated, µs; see
   * {@link CpuSample#clientAttributedNanos()}.
   */
  double attributedMicrosPerPoll() {
    return perPoll(spent.clientAttributedNanos()) / 1e3;
  }

  /** Bytes the client's threads allocated per request. */
  double clientBytesPerPoll() {
    return perPoll(spent.clientBytes());
  }

  /** Bytes the emulator's threads allocated per request. */
  double emulatorBytesPerPoll() {
    return perPoll(spent.emulatorBytes());
  }

  private double perPoll(double amount) {
    return requests == 0 ? 0 : amount / requests;
  }

  /** The table's header. */
  static String header() {
    return "| shape | runs | ended as scripted | mismatches | errors | wall s | requests | requests/run"
        + " | quota 429s | busiest 60 s per project+location | client CPU s | emulator CPU s"
        + " | JIT s | client µs/poll | client less JIT µs/poll | process µs/poll"
        + " | client threads µs/poll | client, GC split by allocation, µs/poll"
        + " | client B/poll | emulator B/poll |\n"
        + "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
  }

  /** One table row. */
  String row() {
    return String.format(Locale.ROOT,
        "| %s | %,d | %,d | %,d | %,d | %.1f | %,d | %.2f | %,d | %,d to %,d (%d pairs) | %.2f | %.2f"
            + " | %.2f | %.1f | %.1f | %.1f | %.1f | %.1f | %,.0f | %,.0f |%n",
        shape.id(), runs, asScripted, mismatches, errors, wallSeconds, requests,
        requests / (double) runs, quota429s, leastPeakPerMinute, mostPeakPerMinute, keys,
        (spent.processNanos() - spent.emulatorNanos()) / 1e9, spent.emulatorNanos() / 1e9,
        spent.jitNanos() / 1e9, clientMicrosPerPoll(), warmClientMicrosPerPoll(),
        totalMicrosPerPoll(), clientJavaMicrosPerPoll(), attributedMicrosPerPoll(),
        clientBytesPerPoll(), emulatorBytesPerPoll());
  }
}
