package dev.lropoller.bench.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmarks' one way to run the AutoML emulator out of process: a child JVM running
 * {@link ForkedEmulatorMain} on the same {@code java} binary and class path, loopback only, over
 * plain HTTP or TLS. Killed by {@link #close()} and, should the parent die first, by a shutdown
 * hook (and the child exits by itself when its standard input closes).
 */
public final class ForkedEmulator implements AutoCloseable {
  private final Process process;
  private final BufferedReader replies;
  private final Writer commands;
  private final Thread killer;
  private final Path dir;
  private final URI baseUri;
  private final X509Certificate certificate;

  /**
   * What the emulator saw.
   *
   * @param requests requests since the last {@link #start} or {@link #stats}
   * @param cpuNanos the child JVM's CPU time since it started
   * @param connections TCP connections accepted since the child started
   * @param handshakes TLS handshakes completed since the child started (0 over plain HTTP)
   * @param failedHandshakes TLS handshakes that failed since the child started
   * @param http2Requests requests that came as h2 streams since the child started
   * @param projects per project, the requests since the last reset (empty with a log capacity of 0)
   * @param doneAtMicros per name of the last {@link #start}, in its order: when the emulator first
   *     answered it done, in epoch microseconds, or 0 if not done
   */
  public record Stats(long requests, long cpuNanos, long connections, long handshakes,
      long failedHandshakes, long http2Requests, List<ProjectRate> projects, long[] doneAtMicros) {}

  /**
   * One project's requests.
   *
   * @param project the project id from the name
   * @param requests requests seen
   * @param maxPerMinute the most requests in any 60 s window
   * @param spanMicros first to last request
   * @param quota429s requests answered 429 because the project was over the emulator's quota
   */
  public record ProjectRate(String project, long requests, int maxPerMinute, long spanMicros, long quota429s) {}

  private ForkedEmulator(List<String> flags, int workers, String heap, Path certFile) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseParallelGC",
        "-Dslf4j.internal.verbosity=ERROR",
        "-cp", System.getProperty("java.class.path"), ForkedEmulatorMain.class.getName(),
        "--workers", Integer.toString(workers)));
    cmd.addAll(flags);
    dir = Files.createTempDirectory("lro-bench-emulator");
    process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    killer = new Thread(process::destroyForcibly, "bench-emulator-killer");
    Runtime.getRuntime().addShutdownHook(killer);
    URI uri = null;
    X509Certificate cert = null;
    try {
      replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      String line = replies.readLine();
      if (line == null || !line.startsWith(ForkedEmulatorMain.READY)) {
        throw new IOException("emulator child did not start, said: " + line);
      }
      if (certFile != null) {
        cert = readCertificate(certFile);
      }
      uri = URI.create(line.substring(ForkedEmulatorMain.READY.length()).trim());
    } finally {
      if (uri == null) {
        close();
      }
    }
    baseUri = uri;
    certificate = cert;
  }

  /**
   * Starts a child serving plain HTTP/1.1.
   *
   * @param workers the emulator's event-loop threads
   * @param heap the child's {@code -Xmx}, such as {@code 1g}
   * @param quotaPerMinute the emulator's per-project quota, 0 for none
   * @return the running child
   * @throws IOException if the child cannot start
   */
  public static ForkedEmulator plain(int workers, String heap, int quotaPerMinute) throws IOException {
    List<String> flags = quotaPerMinute > 0
        ? List.of("--quota-per-minute", Integer.toString(quotaPerMinute)) : List.of();
    return new ForkedEmulator(flags, workers, heap, null);
  }

  /**
   * Starts a child serving HTTPS with h2 and HTTP/1.1 over ALPN on a self-signed certificate
   * ({@link #certificate()}), keeping no request log: its {@link Stats#projects()} stay empty.
   *
   * @param workers the emulator's event-loop threads
   * @param heap the child's {@code -Xmx}, such as {@code 2g}
   * @return the running child
   * @throws IOException if the child cannot start
   */
  public static ForkedEmulator tls(int workers, String heap) throws IOException {
    Path pem = Files.createTempFile("lro-emulator", ".pem");
    try {
      return new ForkedEmulator(List.of("--log-capacity", "0", "--tls-cert-out", pem.toString()),
          workers, heap, pem);
    } finally {
      Files.deleteIfExists(pem);
    }
  }

  private static X509Certificate readCertificate(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (CertificateException e) {
      throw new IOException("cannot read the emulator's certificate " + pem, e);
    }
  }

  /**
   * Where the emulator listens.
   *
   * @return {@code http://127.0.0.1:PORT} or {@code https://…}
   */
  public URI baseUri() {
    return baseUri;
  }

  /**
   * The certificate a TLS child serves, for clients to trust.
   *
   * @return it, or null for a plain child
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * The child's process id, to tell its threads from the parent's.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Starts operations (see {@link ForkedEmulatorMain}) and resets the request log.
   *
   * @param n how many
   * @param polls the GET that first answers done, 0 for never
   * @param projects how many projects they are spread over
   * @return their names
   * @throws IOException if the child fails
   */
  public List<String> start(int n, int polls, int projects) throws IOException {
    Path file = dir.resolve("names.txt");
    command("start " + n + " " + polls + " " + projects + " " + file);
    return Files.readAllLines(file);
  }

  /**
   * Collects what the emulator saw and resets its request log.
   *
   * @return the stats
   * @throws IOException if the child fails
   */
  public Stats stats() throws IOException {
    Path file = dir.resolve("stats.txt");
    command("stats " + file);
    List<String> lines = Files.readAllLines(file);
    long requests = Long.parseLong(lines.get(0));
    long cpu = Long.parseLong(lines.get(1));
    String[] c = lines.get(2).split(" ");
    int projects = Integer.parseInt(lines.get(3));
    List<ProjectRate> rates = new ArrayList<>();
    for (int i = 0; i < projects; i++) {
      String[] w = lines.get(4 + i).split(" ");
      rates.add(new ProjectRate(w[0], Long.parseLong(w[1]), Integer.parseInt(w[2]), Long.parseLong(w[3]),
          Long.parseLong(w[4])));
    }
    int first = 4 + projects;
    long[] done = new long[lines.size() - first];
    for (int i = 0; i < done.length; i++) {
      done[i] = Long.parseLong(lines.get(first + i));
    }
    return new Stats(requests, cpu, Long.parseLong(c[0]), Long.parseLong(c[1]), Long.parseLong(c[2]),
        Long.parseLong(c[3]), rates, done);
  }

  private void command(String line) throws IOException {
    commands.write(line + "\n");
    commands.flush();
    String reply = replies.readLine();
    if (!"ok".equals(reply)) {
      throw new IOException("emulator child answered \"" + reply + "\" to \"" + line + "\"");
    }
  }

  /** Asks the child to quit, kills it if it does not within 5 s, and waits for it. */
  @Override
  public void close() {
    try {
      commands.write("quit\n");
      commands.flush();
    } catch (IOException | RuntimeException ignored) {
      // the child is gone already; destroy below
    }
    reap(process, killer, 5);
  }

  /**
   * Waits for a child process told to end, kills it if it has not ended within
   * {@code graceSeconds}, and removes its shutdown-hook killer: the end of every child JVM the
   * benchmarks start.
   *
   * @param process the child
   * @param killer the shutdown hook that would kill it, should the parent die first
   * @param graceSeconds how long it may take to end by itself
   */
  public static void reap(Process process, Thread killer, long graceSeconds) {
    try {
      if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
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
