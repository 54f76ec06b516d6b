package dev.lropoller.bench.load;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the process during one contender's run: CPU time (whole process, and the emulator's
 * event-loop threads alone), used heap sampled every 100 ms, the heap left after each GC, and
 * thread counts (JVM peak after a reset, live samples, the emulator's own threads, and which
 * other threads the run added).
 */
final class Probe {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final String emulatorThreadPrefix;
  private final Set<Long> baselineIds = new HashSet<>();
  private final Set<String> heapPools = new HashSet<>();
  private final AtomicLong peakHeapUsed = new AtomicLong();
  private final AtomicLong maxHeapAfterGc = new AtomicLong();
  private final AtomicInteger peakLiveSampled = new AtomicInteger();
  private final List<Runnable> unregister = new ArrayList<>();
  private ScheduledExecutorService sampler;
  private int baselineLive;
  private long baselineHeapUsed;
  private long cpuStart;
  private long emulatorCpuStart;
  private long wallStart;

  Probe(String emulatorThreadPrefix) {
    this.emulatorThreadPrefix = emulatorThreadPrefix;
  }

  /** Records the heap (after a GC: the emulator's operations) and thread baselines. */
  void baseline() {
    MEMORY.gc();
    baselineHeapUsed = MEMORY.getHeapMemoryUsage().getUsed();
    sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-probe-sampler");
      t.setDaemon(true);
      return t;
    });
    sampler.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
    for (long id : THREADS.getAllThreadIds()) {
      baselineIds.add(id);
    }
    baselineLive = THREADS.getThreadCount();
    THREADS.resetPeakThreadCount();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter) {
        NotificationEmitter emitter = (NotificationEmitter) gc;
        NotificationListener listener = this::onGc;
        emitter.addNotificationListener(listener, null, null);
        unregister.add(() -> {
          try {
            emitter.removeNotificationListener(listener);
          } catch (ListenerNotFoundException ignored) {
            // already gone
          }
        });
      }
    }
  }

  /** Starts the measured interval (after the contender is prepared). */
  void start() {
    peakHeapUsed.set(MEMORY.getHeapMemoryUsage().getUsed());
    cpuStart = OS.getProcessCpuTime();
    emulatorCpuStart = emulatorCpu();
    wallStart = System.nanoTime();
  }

  /** Ends the measured interval; call before the contender and emulator are closed. */
  Sample stop() {
    long wall = System.nanoTime() - wallStart;
    long cpu = OS.getProcessCpuTime() - cpuStart;
    long emulatorCpu = emulatorCpu() - emulatorCpuStart;
    sampler.shutdownNow();
    unregister.forEach(Runnable::run);
    int live = THREADS.getThreadCount();
    Map<String, Integer> added = new TreeMap<>();
    int emulatorThreads = 0;
    long[] ids = THREADS.getAllThreadIds();
    for (ThreadInfo info : THREADS.getThreadInfo(ids)) {
      if (info == null) {
        continue;
      }
      if (info.getThreadName().startsWith(emulatorThreadPrefix)) {
        emulatorThreads++;
      } else if (!baselineIds.contains(info.getThreadId())) {
        added.merge(family(info.getThreadName()), 1, Integer::sum);
      }
    }
    StringBuilder census = new StringBuilder();
    added.forEach((k, v) -> census.append(census.length() == 0 ? "" : " ").append(k).append('×').append(v));
    return new Sample(wall / 1e9, cpu / 1e9, emulatorCpu / 1e9, baselineHeapUsed, peakHeapUsed.get(),
        maxHeapAfterGc.get(), THREADS.getPeakThreadCount(), Math.max(peakLiveSampled.get(), live),
        baselineLive, live, emulatorThreads, census.toString());
  }

  private long emulatorCpu() {
    long total = 0;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(emulatorThreadPrefix)) {
        long t = THREADS.getThreadCpuTime(info.getThreadId());
        if (t > 0) {
          total += t;
        }
      }
    }
    return total;
  }

  private void sample() {
    peakHeapUsed.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
    peakLiveSampled.accumulateAndGet(THREADS.getThreadCount(), Math::max);
  }

  private void onGc(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    maxHeapAfterGc.accumulateAndGet(used, Math::max);
  }

  /** "reactor-http-nio-3" -> "reactor-http-nio", "Gax-12" -> "Gax". */
  static String family(String threadName) {
    return threadName.replaceAll("([-_#@ ]?\\d+)+$", "");
  }

  /** What the probe saw. Sizes in bytes, times in seconds. */
  record Sample(
      double wallSeconds, double cpuSeconds, double emulatorCpuSeconds, long baselineHeapUsed,
      long peakHeapUsed,
      long maxHeapAfterGc, int peakThreads, int peakLiveSampled, int baselineThreads,
      int liveAtEnd, int emulatorThreads, String addedThreads) {}
}
