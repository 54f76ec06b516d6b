package dev.lropoller.demo;

import java.time.Duration;

/**
 * The resources one measured stretch of the demo used (client and embedded emulator together).
 *
 * @param wall elapsed wall-clock time
 * @param cpu process CPU time over all threads, or null if the JVM does not report it
 * @param peakHeapBytes the largest heap use sampled (every 50 ms)
 * @param peakThreads the most live threads at once
 * @param liveThreadsAtEnd live threads when the stretch ended
 */
public record ResourceUsage(
    Duration wall, Duration cpu, long peakHeapBytes, int peakThreads, int liveThreadsAtEnd) {}
