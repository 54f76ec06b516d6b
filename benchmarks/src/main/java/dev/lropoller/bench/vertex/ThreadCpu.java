package dev.lropoller.bench.vertex;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of this process, and of the threads whose names start with a prefix (the in-process
 * emulator's event loops), as {@code LoadRun}'s probe reads them: process CPU from the operating
 * system bean, thread CPU from the thread bean. Client CPU is the difference; GC and JIT threads
 * are not Java threads, so they stay in the client's share whoever caused them. {@link #sample}
 * also reads each Java thread's CPU and allocation, so a run can split the collector's work by
 * who allocated.
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private ThreadCpu() {}

  /**
   * The time the JIT compilers have spent so far, as the compilation bean reports it (elapsed
   * time summed over the compiler threads, which are busy on a CPU while they compile).
   *
   * @return nanoseconds since the JVM started; 0 when the JVM does not report it
   */
  static long jitNanos() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? TimeUnit.MILLISECONDS.toNanos(jit.getTotalCompilationTime()) : 0;
  }

  /**
   * The process's CPU time.
   *
   * @return nanoseconds since the JVM started
   */
  static long processNanos() {
    return OS.getProcessCpuTime();
  }

  /**
   * Reads CPU and allocated bytes per Java thread, split by name prefix, with the process CPU and
   * the JIT's: its compiler threads' CPU where Linux's {@code /proc} shows it, else the compilation
   * bean's time; see {@link CpuSample}.
   *
   * @param prefix the emulator's thread name prefix
   * @return the reading
   */
  static CpuSample sample(String prefix) {
    long process = processNanos();
    long compilers = JvmThreadCpu.compilerNanos();
    long jit = compilers >= 0 ? compilers : jitNanos();
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    long[] bytes = allocatedBytes(ids);
    long emulatorNanos = 0;
    long clientNanos = 0;
    long emulatorBytes = 0;
    long clientBytes = 0;
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] == null) {
        continue;
      }
      long cpu = Math.max(0, THREADS.getThreadCpuTime(ids[i]));
      long allocated = Math.max(0, bytes[i]);
      if (infos[i].getThreadName().startsWith(prefix)) {
        emulatorNanos += cpu;
        emulatorBytes += allocated;
      } else {
        clientNanos += cpu;
        clientBytes += allocated;
      }
    }
    return new CpuSample(process, emulatorNanos, clientNanos, emulatorBytes, clientBytes, jit);
  }

  private static long[] allocatedBytes(long[] ids) {
    if (THREADS instanceof com.sun.management.ThreadMXBean hotspot
        && hotspot.isThreadAllocatedMemorySupported() && hotspot.isThreadAllocatedMemoryEnabled()) {
      return hotspot.getThreadAllocatedBytes(ids);
    }
    return new long[ids.length];
  }
}
