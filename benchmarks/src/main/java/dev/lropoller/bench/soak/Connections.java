package dev.lropoller.bench.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Open TCP connections to a loopback port, as the kernel sees them ({@code /proc/net/tcp} and
 * {@code tcp6}, Linux; Java's sockets are dual-stack, so IPv4 loopback shows up in tcp6 too):
 * client sockets in state ESTABLISHED whose remote port is the server's.
 */
final class Connections {
  private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
  private static final String ESTABLISHED = "01";

  private Connections() {}

  /** The count, or -1 where {@code /proc/net/tcp} cannot be read. */
  static int established(int serverPort) {
    List<String> lines = new java.util.ArrayList<>();
    try {
      for (Path table : TABLES) {
        List<String> all = Files.readAllLines(table);
        lines.addAll(all.subList(1, all.size()));
      }
    } catch (IOException e) {
      return -1;
    }
    String port = String.format(Locale.ROOT, ":%04X", serverPort);
    int n = 0;
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      // f[1] local address:port, f[2] remote address:port, f[3] state
      if (f.length > 3 && f[2].endsWith(port) && f[3].equals(ESTABLISHED)) {
        n++;
      }
    }
    return n;
  }

  /** Waits up to {@code within} for the count to reach zero; returns the last count. */
  static int awaitNone(int serverPort, Duration within) {
    long end = System.nanoTime() + within.toNanos();
    int n = established(serverPort);
    while (n > 0 && System.nanoTime() < end) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      n = established(serverPort);
    }
    return n;
  }
}
