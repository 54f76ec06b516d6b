package dev.lropoller.bench.vertex;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the JVM's JIT compiler threads, read from Linux's {@code /proc/self/task/<tid>/stat}
 * ({@code utime + stime}, in clock ticks of 10 ms). The compilation bean reports the compilers'
 * elapsed time instead, which on a loaded machine includes the time they waited for a CPU, and so
 * can exceed what they used. A compiler thread that ends (the JVM adds and removes them as the
 * queue grows and shrinks) drops out of the sum; run with
 * {@code -XX:-UseDynamicNumberOfCompilerThreads} to keep them all.
 */
final class JvmThreadCpu {
  private static final Path TASKS = Path.of("/proc/self/task");
  private static final long NANOS_PER_TICK = 10_000_000L;

  private JvmThreadCpu() {}

  /**
   * The CPU of the live JIT compiler threads ({@code C1 CompilerThread…}, {@code C2
   * CompilerThread…}).
   *
   * @return nanoseconds, or -1 where {@code /proc} cannot be read (not Linux)
   */
  static long compilerNanos() {
    if (!Files.isDirectory(TASKS)) {
      return -1;
    }
    long ticks = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        ticks += compilerTicks(task);
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks * NANOS_PER_TICK;
  }

  private static long compilerTicks(Path task) {
    try {
      return compilerTicks(Files.readString(task.resolve("stat")));
    } catch (IOException e) {
      return 0; // the thread ended while the directory was read
    }
  }

  /**
   * The ticks of one {@code stat} line if its thread is a JIT compiler, else 0.
   *
   * @param stat {@code pid (comm) state ppid …}, where {@code comm} may hold spaces and
   *     parentheses; {@code utime} and {@code stime} are fields 14 and 15
   * @return {@code utime + stime}, or 0
   */
  static long compilerTicks(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return 0;
    }
    String comm = stat.substring(open + 1, close);
    if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) {
      return 0;
    }
    String[] rest = stat.substring(close + 2).split(" ");
    // rest[0] is field 3 (state), so field n is rest[n - 3].
    return Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
  }
}
