package dev.lropoller.bench.fleet;

import dev.lropoller.bench.support.ForkedEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parent's handle on one replica child ({@link FleetReplicaMain} or
 * {@link SharedWatchReplicaMain}): same {@code java} and class path, its own heap. The child
 * prints a ready line, starts on a {@code go} line on its input, and prints a done line once its
 * result file is written. {@link #kill()} is {@code kill -9}; {@link #close()} reaps it, and a
 * shutdown hook kills it should the parent die first.
 */
final class ForkedReplica implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  private final Thread killer;
  private final Path result;
  private final String ready;
  private final String done;

  /**
   * Starts the child.
   *
   * @param main the child's main class
   * @param ready the line it prints when ready
   * @param done the line it prints when its result file is written
   * @param heap its {@code -Xmx}
   * @param args its arguments, before {@code --out result}
   * @param result its result file
   */
  ForkedReplica(Class<?> main, String ready, String done, String heap, List<String> args,
      Path result) throws IOException {
    this.ready = ready;
    this.done = done;
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-XX:+UseParallelGC", "-Dslf4j.internal.verbosity=ERROR",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(args);
    cmd.addAll(List.of("--out", result.toString()));
    this.result = result;
    process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    killer = new Thread(process::destroyForcibly, "fleet-replica-killer");
    Runtime.getRuntime().addShutdownHook(killer);
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** Waits for the child's {@code ready} line; other lines are passed to standard error. */
  void awaitReady() throws IOException {
    awaitLine(ready);
  }

  /** Starts the child's watches. */
  void go() throws IOException {
    in.write("go\n");
    in.flush();
  }

  /** Kills the child at once, as {@code kill -9} does. */
  void kill() {
    process.destroyForcibly();
  }

  /** Waits for the child's done line; returns its result file. */
  Path awaitResult() throws IOException {
    awaitLine(done);
    return result;
  }

  private void awaitLine(String expected) throws IOException {
    for (String line = out.readLine(); ; line = out.readLine()) {
      if (line == null) {
        throw new IOException("replica child ended before \"" + expected + "\"");
      }
      if (line.equals(expected)) {
        return;
      }
      System.err.println("replica: " + line);
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // the child is gone already
    }
    ForkedEmulator.reap(process, killer, 10);
  }
}
