package dev.lropoller.testing.emulator;

/**
 * What one project and location's requests met at an emulator whose quota is per project and
 * location (see {@link AutoMlEmulator.Builder#quotaPerLocation(boolean)}): the counts since start.
 *
 * @param project the {@code projects/{p}} segment of the request paths
 * @param location the {@code locations/{l}} segment, or {@code "global"} for paths without one
 * @param quotaPerMinute the quota that applied, or 0 for none
 * @param requests requests that arrived (accepted or rejected; 401s excluded)
 * @param quotaRejections requests answered 429 RESOURCE_EXHAUSTED because the quota was used up
 * @param peakArrivalsPerMinute the most requests that arrived inside any 60-second window
 */
public record LocationTraffic(
    String project, String location, int quotaPerMinute, long requests, long quotaRejections,
    int peakArrivalsPerMinute) {}
