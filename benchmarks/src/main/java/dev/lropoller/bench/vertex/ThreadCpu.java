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
 * are not Java threads, so they stay in the client's share whoever caused them.
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
   * The CPU time of the live threads whose name starts with {@code prefix}.
   *
   * @param prefix such as {@code "automl-emulator"}
   * @return nanoseconds, summed over those threads
   */
  static long threadsNanos(String prefix) {
    long total = 0;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(prefix)) {
        long t = THREADS.getThreadCpuTime(info.getThreadId());
        if (t > 0) {
          total += t;
        }
      }
    }
    return total;
  }
}
