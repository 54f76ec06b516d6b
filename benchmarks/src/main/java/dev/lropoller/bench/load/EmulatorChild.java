package dev.lropoller.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on an {@link EmulatorProcess} child JVM: same {@code java} binary and class
 * path, loopback only. Killed by {@link #close()} and, should the parent die first, by a shutdown
 * hook (and the child exits by itself when its standard input closes).
 */
final class EmulatorChild implements AutoCloseable {
  private final Process process;
  private final BufferedReader replies;
  private final Writer commands;
  private final Thread killer;
  private final Path dir;
  private final URI baseUri;

  /** What the emulator saw since the last {@code start} or {@code stats}. */
  record Stats(long requests, long cpuNanos, List<ProjectRate> projects, long[] doneAtMicros) {}

  /**
   * One project's requests.
   *
   * @param project the project id from the name
   * @param requests requests seen
   * @param maxPerMinute the most requests in any 60 s window
   * @param spanMicros first to last request
   * @param quota429s requests answered 429 because the project was over the emulator's quota
   */
  record ProjectRate(String project, long requests, int maxPerMinute, long spanMicros, long quota429s) {}

  /**
   * Starts the child.
   *
   * @param workers the emulator's event-loop threads
   * @param heap the child's {@code -Xmx}
   * @param quotaPerMinute the emulator's per-project quota, 0 for none
   */
  EmulatorChild(int workers, String heap, int quotaPerMinute) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseParallelGC",
        "-Dslf4j.internal.verbosity=ERROR",
        "-cp", System.getProperty("java.class.path"), EmulatorProcess.class.getName(),
        "--workers", Integer.toString(workers)));
    if (quotaPerMinute > 0) {
      cmd.addAll(List.of("--quota-per-minute", Integer.toString(quotaPerMinute)));
    }
    dir = Files.createTempDirectory("lro-bench-emulator");
    process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    killer = new Thread(process::destroyForcibly, "bench-emulator-killer");
    Runtime.getRuntime().addShutdownHook(killer);
    URI uri = null;
    try {
      replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      String line = replies.readLine();
      if (line == null || !line.startsWith(EmulatorProcess.READY)) {
        throw new IOException("emulator child did not start, said: " + line);
      }
      uri = URI.create(line.substring(EmulatorProcess.READY.length()).trim());
    } finally {
      if (uri == null) {
        close();
      }
    }
    baseUri = uri;
  }

  URI baseUri() {
    return baseUri;
  }

  long pid() {
    return process.pid();
  }

  /** Starts {@code n} operations (see {@link EmulatorProcess}) and returns their names. */
  List<String> start(int n, int polls, int projects) throws IOException {
    Path file = dir.resolve("names.txt");
    command("start " + n + " " + polls + " " + projects + " " + file);
    return Files.readAllLines(file);
  }

  /** Collects and resets what the emulator saw. */
  Stats stats() throws IOException {
    Path file = dir.resolve("stats.txt");
    command("stats " + file);
    List<String> lines = Files.readAllLines(file);
    long requests = Long.parseLong(lines.get(0));
    long cpu = Long.parseLong(lines.get(1));
    int projects = Integer.parseInt(lines.get(2));
    List<ProjectRate> rates = new ArrayList<>();
    for (int i = 0; i < projects; i++) {
      String[] w = lines.get(3 + i).split(" ");
      rates.add(new ProjectRate(w[0], Long.parseLong(w[1]), Integer.parseInt(w[2]), Long.parseLong(w[3]),
          Long.parseLong(w[4])));
    }
    int first = 3 + projects;
    long[] done = new long[lines.size() - first];
    for (int i = 0; i < done.length; i++) {
      done[i] = Long.parseLong(lines.get(first + i));
    }
    return new Stats(requests, cpu, rates, done);
  }

  private void command(String line) throws IOException {
    commands.write(line + "\n");
    commands.flush();
    String reply = replies.readLine();
    if (!"ok".equals(reply)) {
      throw new IOException("emulator child answered \"" + reply + "\" to \"" + line + "\"");
    }
  }

  @Override
  public void close() {
    try {
      commands.write("quit\n");
      commands.flush();
    } catch (IOException | RuntimeException ignored) {
      // the child is gone already; destroy below
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (IllegalStateException ignored) {
        // the JVM is shutting down; the hook runs anyway
      }
    }
  }
}
