package dev.lropoller.bench.fleet;

import dev.lropoller.bench.support.ForkedEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parent's handle on one {@link SharedWatchReplicaMain} child: same {@code java} and class
 * path, its own heap. {@link #kill()} is {@code kill -9}; {@link #close()} reaps it, and a
 * shutdown hook kills it should the parent die first.
 */
final class SharedWatchChild implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  private final Thread killer;
  private final Path result;

  SharedWatchChild(List<String> args, Path result) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseParallelGC", "-Dslf4j.internal.verbosity=ERROR",
        "-cp", System.getProperty("java.class.path"), SharedWatchReplicaMain.class.getName()));
    cmd.addAll(args);
    cmd.addAll(List.of("--out", result.toString()));
    this.result = result;
    process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    killer = new Thread(process::destroyForcibly, "shared-watch-child-killer");
    Runtime.getRuntime().addShutdownHook(killer);
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  void awaitReady() throws IOException {
    awaitLine(SharedWatchReplicaMain.READY);
  }

  void go() throws IOException {
    in.write("go\n");
    in.flush();
  }

  /** Kills the child at once, as {@code kill -9} does. */
  void kill() {
    process.destroyForcibly();
  }

  /** Waits for the child's done line; returns its result file's lines. */
  List<String> awaitResult() throws IOException {
    awaitLine(SharedWatchReplicaMain.DONE);
    return Files.readAllLines(result);
  }

  private void awaitLine(String expected) throws IOException {
    for (String line = out.readLine(); ; line = out.readLine()) {
      if (line == null) {
        throw new IOException("child ended before \"" + expected + "\"");
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
