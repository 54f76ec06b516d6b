package dev.lropoller.testing.emulator;

/**
 * What one project's requests met at an emulator with a per-project quota (see
 * {@link AutoMlEmulator.Builder#quotaPerMinute(int)}): the counts since start.
 *
 * @param project the {@code projects/{p}} segment of the request paths, as they spell it
 * @param quotaPerMinute the quota that applied to the project, or 0 for none
 * @param requests requests that arrived for the project (accepted or rejected; 401s excluded)
 * @param quotaRejections requests answered 429 RESOURCE_EXHAUSTED because the quota was used up
 * @param peakArrivalsPerMinute the most requests that arrived inside any 60-second window,
 *     rejected ones included: what the clients sent, not what the quota let through
 */
public record ProjectTraffic(
    String project, int quotaPerMinute, long requests, long quotaRejections, int peakArrivalsPerMinute) {}
