package dev.lropoller.testing.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code redis-server} process on a free loopback port, for tests and load runs: no mocks
 * of Redis.
 *
 * <p>The binary is, in this order: the path in the system property {@value #BINARY_PROPERTY} if
 * set (to test another Redis version), the {@code redis-server} on {@code PATH} (Debian's package),
 * else the Linux binary inside the {@code com.github.codemonstur:embedded-redis} 1.4.3 jar (a
 * dependency of this module), copied to a temporary directory and made executable. So {@code mvn verify} needs
 * nothing installed beyond a JDK and Maven on Linux x86-64 or arm64.
 *
 * <p>The server keeps nothing on disk (no RDB snapshots, no AOF) and starts in a fresh directory
 * each time, so a {@link #restart()} comes back empty, as a Redis that lost its data. Startup waits
 * until the server answers {@code PING}, with a bounded number of tries. Every process this class
 * starts is killed when the JVM exits.
 */
public final class RedisServerProcess implements AutoCloseable {

  /** System property naming a {@code redis-server} binary to use instead of the usual search. */
  public static final String BINARY_PROPERTY = "lropoller.test.redis-server";

  private static final int PING_TRIES = 500;
  private static final long PAUSE_BETWEEN_TRIES_MILLIS = 10;
  private static final int PORT_TRIES = 5;
  private static final Pattern VERSION = Pattern.compile("(?m)^redis_version:(\\S+)");

  private static Binary binary;

  private final Binary server;
  private final int port;
  private Process process;
  private Path logFile;
  private String version;

  private RedisServerProcess(Binary server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts a server on a free loopback port and waits until it answers {@code PING}.
   *
   * @return the running server
   * @throws IllegalStateException if no binary is found or the server does not come up
   */
  public static RedisServerProcess start() {
    Binary found = binary();
    IllegalStateException last = null;
    for (int attempt = 0; attempt < PORT_TRIES; attempt++) {
      RedisServerProcess redis = new RedisServerProcess(found, freePort());
      try {
        redis.launch();
        return redis;
      } catch (IllegalStateException e) {
        // Another process may have taken the port between the probe and the launch.
        redis.kill();
        last = e;
      }
    }
    throw last;
  }

  /**
   * The loopback port the server listens on; the same across {@link #restart()}.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * The server's {@code redis_version}, as {@code INFO server} reported it at the last start.
   *
   * @return the version, such as {@code 7.0.15}
   */
  public String version() {
    return version;
  }

  /**
   * Where the binary came from and its path, for reports.
   *
   * @return the origin ({@code PATH}, the property or the jar) and the path
   */
  public String origin() {
    return server.origin() + " " + server.path();
  }

  /**
   * Whether the process is running.
   *
   * @return {@code true} while it runs
   */
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Stops the server with SIGTERM and waits for it to exit. Nothing is saved. */
  public void stop() {
    if (process != null) {
      process.destroy();
      awaitExit();
    }
  }

  /** Kills the server with SIGKILL, as a crash, and waits for it to exit. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      awaitExit();
    }
  }

  /**
   * Kills the server if it runs, then starts a new, empty one on the same port and waits until it
   * answers {@code PING}.
   */
  public void restart() {
    kill();
    launch();
  }

  @Override
  public void close() {
    kill();
  }

  private void launch() {
    try {
      Path dir = Files.createTempDirectory("lropoller-redis-" + port + "-");
      logFile = dir.resolve("redis.log");
      dir.toFile().deleteOnExit();
      logFile.toFile().deleteOnExit();
      List<String> command = new ArrayList<>(List.of(
          server.path().toString(),
          "--port", Integer.toString(port),
          "--bind", "127.0.0.1",
          "--save", "",
          "--appendonly", "no",
          "--dir", dir.toString(),
          "--daemonize", "no"));
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(logFile.toFile())
          .start();
      Process started = process;
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + server.path(), e);
    }
    awaitPong();
    version = parseVersion(query("INFO", "server"));
  }

  private void awaitPong() {
    for (int attempt = 0; attempt < PING_TRIES; attempt++) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server on port " + port + " exited with " + process.exitValue() + ": " + log());
      }
      try {
        if ("PONG".equals(query("PING"))) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // Not listening yet.
      }
      pause();
    }
    throw new IllegalStateException(
        "redis-server on port " + port + " did not answer PING after " + PING_TRIES + " tries: "
            + log());
  }

  /** Waits a little for the process, which returns at once if it exits. */
  private void pause() {
    try {
      process.onExit().get(PAUSE_BETWEEN_TRIES_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillRunning) {
      // The usual case.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting redis-server", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server on port " + port + " did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping redis-server", e);
    }
  }

  /**
   * Sends one command over a fresh socket (RESP) and returns its reply as text: a simple, integer
   * or bulk string ({@code null} for a nil bulk string), or an array's elements one a line. Used
   * to probe the server apart from the Lettuce clients under test.
   *
   * @param command the command and its arguments, such as {@code INFO memory}
   * @return the reply as text
   * @throws UncheckedIOException if the server cannot be reached or answers an error
   */
  public String query(String... command) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
      socket.setSoTimeout(5_000);
      StringBuilder request = new StringBuilder("*" + command.length + "\r\n");
      for (String part : command) {
        request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
            .append(part).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return readReply(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readReply(InputStream in) throws IOException {
    String line = readLine(in);
    switch (line.charAt(0)) {
      case '+':
      case ':':
        return line.substring(1);
      case '$':
        int length = Integer.parseInt(line.substring(1));
        if (length < 0) {
          return null;
        }
        byte[] body = in.readNBytes(length + 2);
        return new String(body, 0, length, StandardCharsets.UTF_8);
      case '*':
        StringBuilder elements = new StringBuilder();
        int count = Integer.parseInt(line.substring(1));
        for (int i = 0; i < count; i++) {
          elements.append(i == 0 ? "" : "\n").append(readReply(in));
        }
        return elements.toString();
      default:
        throw new IOException("Redis answered: " + line);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        return line.toString();
      }
      line.append((char) c);
    }
    throw new IOException("Connection closed after '" + line + "'");
  }

  private static String parseVersion(String info) {
    Matcher matcher = VERSION.matcher(info == null ? "" : info);
    if (!matcher.find()) {
      throw new IllegalStateException("No redis_version in INFO server: " + info);
    }
    return matcher.group(1);
  }

  private String log() {
    try {
      String text = Files.readString(logFile);
      return text.length() > 2_000 ? text.substring(text.length() - 2_000) : text;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized Binary binary() {
    if (binary == null) {
      binary = findBinary();
    }
    return binary;
  }

  private static Binary findBinary() {
    String configured = System.getProperty(BINARY_PROPERTY, "");
    if (!configured.isBlank()) {
      Path path = Path.of(configured);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(BINARY_PROPERTY + " is not an executable file: " + path);
      }
      return new Binary(path, BINARY_PROPERTY);
    }
    return onPath().map(path -> new Binary(path, "PATH")).orElseGet(RedisServerProcess::fromJar);
  }

  private static Optional<Path> onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static Binary fromJar() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String resource;
    if (!os.contains("linux")) {
      throw new IllegalStateException("No redis-server on PATH, and the embedded-redis binaries are"
          + " only used on Linux here; install redis-server. os.name=" + os);
    } else if (arch.equals("amd64") || arch.equals("x86_64")) {
      resource = "redis-server-6.2.6-v5-linux-amd64";
    } else if (arch.equals("aarch64") || arch.equals("arm64")) {
      resource = "redis-server-6.2.7-linux-arm64";
    } else {
      throw new IllegalStateException(
          "No redis-server on PATH and no embedded-redis binary for os.arch=" + arch);
    }
    try (InputStream in = RedisServerProcess.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("No redis-server on PATH and no " + resource
            + " on the classpath: is com.github.codemonstur:embedded-redis on the classpath?");
      }
      Path dir = Files.createTempDirectory("lropoller-redis-bin-");
      Path target = dir.resolve("redis-server");
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      if (!target.toFile().setExecutable(true, true)) {
        throw new IllegalStateException("Could not make " + target + " executable");
      }
      target.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return new Binary(target, "embedded-redis 1.4.3 jar (" + resource + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not copy " + resource + " out of the classpath", e);
    }
  }

  private record Binary(Path path, String origin) {}
}
