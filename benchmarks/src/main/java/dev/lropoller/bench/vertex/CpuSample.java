package dev.lropoller.bench.vertex;

/**
 * A reading of where this process's CPU and allocation went, split between the in-process
 * emulator's threads and everything else, so that a run's client cost can be separated from the
 * emulator's: the difference of two readings ({@link #minus}) is what one run spent.
 *
 * <p>Java threads are read one by one (CPU time and allocated bytes of each live thread); the
 * rest of the process CPU belongs to the JVM's own threads: the garbage collector, the JIT
 * compilers and the VM thread, which serve both sides. A Java thread that ends between two
 * readings drops out of the second, so its CPU moves to the JVM's share; the runs here keep their
 * threads (event loops, the timer scheduler, {@code main}).
 *
 * @param processNanos the whole process's CPU
 * @param emulatorNanos CPU of the live Java threads named with the emulator's prefix
 * @param clientJavaNanos CPU of every other live Java thread
 * @param emulatorBytes bytes allocated by the emulator's threads
 * @param clientBytes bytes allocated by every other Java thread
 * @param jitNanos the JIT compiler threads' CPU ({@link JvmThreadCpu}), or where that cannot be
 *     read the compilers' time as the compilation bean reports it
 */
record CpuSample(long processNanos, long emulatorNanos, long clientJavaNanos, long emulatorBytes,
    long clientBytes, long jitNanos) {

  /**
   * Reads the process now.
   *
   * @param emulatorPrefix the name prefix of the emulator's threads, such as
   *     {@code "automl-emulator"}
   * @return the reading
   */
  static CpuSample now(String emulatorPrefix) {
    return ThreadCpu.sample(emulatorPrefix);
  }

  /**
   * What was spent between {@code earlier} and this reading.
   *
   * @param earlier a reading taken before this one
   * @return the differences, field by field
   */
  CpuSample minus(CpuSample earlier) {
    return new CpuSample(processNanos - earlier.processNanos, emulatorNanos - earlier.emulatorNanos,
        clientJavaNanos - earlier.clientJavaNanos, emulatorBytes - earlier.emulatorBytes,
        clientBytes - earlier.clientBytes, jitNanos - earlier.jitNanos);
  }

  /**
   * CPU of the JVM's own threads (collector, compilers, VM thread): the process less every Java
   * thread, never below 0.
   *
   * @return nanoseconds
   */
  long jvmNanos() {
    return Math.max(0, processNanos - emulatorNanos - clientJavaNanos);
  }

  /**
   * The client's part of the process CPU when the collector's work is split by allocation: the
   * client's Java threads, plus the JVM threads' CPU less the JIT's, times the client's share of
   * the bytes allocated. The JIT's time is left out: it is a one-time cost of warming code (the
   * run prints it on its own).
   *
   * @return nanoseconds
   */
  long clientAttributedNanos() {
    long bytes = emulatorBytes + clientBytes;
    double share = bytes <= 0 ? 1.0 : clientBytes / (double) bytes;
    long collector = Math.max(0, jvmNanos() - jitNanos);
    return clientJavaNanos + Math.round(collector * share);
  }
}
