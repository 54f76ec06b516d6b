package dev.lropoller.bench.soak;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

/** Heap used right after a full GC, every few seconds, on its own scheduled thread. */
final class HeapSampler {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private final List<double[]> samples = new ArrayList<>();
  private final ScheduledExecutorService timer;
  private final long t0 = System.nanoTime();

  private HeapSampler(Duration every) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "soak-heap-sampler");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::sample, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  static HeapSampler start(Duration every) {
    return new HeapSampler(every);
  }

  private void sample() {
    System.gc();
    double mb = MEMORY.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    double s = (System.nanoTime() - t0) / 1e9;
    synchronized (samples) {
      samples.add(new double[] {s, mb});
    }
  }

  /** Stops sampling; the samples as (seconds since start, MB). */
  List<double[]> stop() {
    timer.shutdownNow();
    synchronized (samples) {
      return new ArrayList<>(samples);
    }
  }

  /**
   * Least-squares slope (MB per minute), min and max of the samples taken after {@code warmUpS}
   * seconds; zeros when fewer than two samples are left.
   */
  static double[] fit(List<double[]> samples, double warmUpS) {
    List<double[]> after = samples.stream().filter(s -> s[0] >= warmUpS).toList();
    if (after.size() < 2) {
      return new double[] {0, 0, 0};
    }
    double n = after.size();
    double sx = 0;
    double sy = 0;
    double min = Double.MAX_VALUE;
    double max = 0;
    for (double[] s : after) {
      sx += s[0];
      sy += s[1];
      min = Math.min(min, s[1]);
      max = Math.max(max, s[1]);
    }
    double mx = sx / n;
    double my = sy / n;
    double num = 0;
    double den = 0;
    for (double[] s : after) {
      num += (s[0] - mx) * (s[1] - my);
      den += (s[0] - mx) * (s[0] - mx);
    }
    double perSecond = den == 0 ? 0 : num / den;
    return new double[] {perSecond * 60, min, max};
  }
}
