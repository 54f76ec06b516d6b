package dev.lropoller.demo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Measures a stretch of the run: wall time, process CPU time, peak heap (sampled every 50 ms)
 * and peak live threads. The process includes the embedded emulator, so CPU, heap and threads
 * are those of client and server together.
 */
final class ResourceMeter {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final AtomicLong peakHeap = new AtomicLong();
  private long wallStart;
  private long cpuStart;
  private Disposable sampler;

  /** Starts measuring. */
  void start() {
    threads.resetPeakThreadCount();
    peakHeap.set(heapUsed());
    cpuStart = processCpuNanos();
    wallStart = System.nanoTime();
    sampler = Flux.interval(Duration.ofMillis(50), Schedulers.single())
        .subscribe(t -> peakHeap.accumulateAndGet(heapUsed(), Math::max));
  }

  /** Stops measuring and returns the figures. */
  ResourceUsage stop() {
    long wall = System.nanoTime() - wallStart;
    long cpu = processCpuNanos();
    sampler.dispose();
    peakHeap.accumulateAndGet(heapUsed(), Math::max);
    return new ResourceUsage(Duration.ofNanos(wall), cpu < 0 || cpuStart < 0 ? null : Duration.ofNanos(cpu - cpuStart),
        peakHeap.get(), threads.getPeakThreadCount(), threads.getThreadCount());
  }

  private long heapUsed() {
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
