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
 * The parent's handle on one {@link FleetReplicaMain} child: same {@code java} and class path,
 * its own heap. Killed by {@link #close()} and, should the parent die first, by a shutdown hook.
 */
final class ForkedReplica implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  private final Thread killer;
  private final Path result;

  ForkedReplica(String heap, List<String> args, Path result) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-XX:+UseParallelGC", "-Dslf4j.internal.verbosity=ERROR",
        "-cp", System.getProperty("java.class.path"), FleetReplicaMain.class.getName()));
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
    awaitLine(FleetReplicaMain.READY);
  }

  /** Starts the child's watches. */
  void go() throws IOException {
    in.write("go\n");
    in.flush();
  }

  /** Waits for the child's {@code done} line and reads its result file. */
  ReplicaResult awaitResult() throws IOException {
    awaitLine(FleetReplicaMain.DONE);
    return ReplicaResult.read(result);
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
