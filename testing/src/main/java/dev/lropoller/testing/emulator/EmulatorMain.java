package dev.lropoller.testing.emulator;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Runs the {@link AutoMlEmulator} standalone on a port, like Google's {@code gcloud} emulators,
 * for tests written in other languages and for load runs that need the server in its own JVM:
 *
 * <pre>{@code
 * java -jar testing/target/lro-poller-emulator.jar --port 9090 --done-after-polls 5 \
 *     --fault 503:0.01 --fault reset:0.005 --fault 429:0.005
 * }</pre>
 *
 * <p>For Vertex AI: {@code --location us-central1=9091 --location europe-west4} gives each
 * location a port of its own (printed as {@code location L on http://127.0.0.1:PORT} before the
 * {@code listening} line), {@code --quota-per-location} counts the quota per project and location,
 * {@code --job-end}, {@code --job-polls-per-state} and {@code --job-running} script the jobs, and
 * {@code --start-jobs KIND:N} creates jobs at startup (see {@link VertexControl}).
 *
 * <p>It binds {@code 127.0.0.1} only. When the server is ready it prints
 * {@code listening on http://127.0.0.1:PORT} on standard output, so a script can wait for that
 * line; it stops on SIGTERM or Ctrl-C. {@code --help} prints every flag; a bad flag or value
 * prints the problem, quoting the value, and the usage, and exits with status 2. A port that
 * cannot be bound exits with status 1.
 */
public final class EmulatorMain {
  /** Exit status for a bad command line. */
  static final int EXIT_USAGE = 2;
  /** Exit status when the server cannot start. */
  static final int EXIT_START_FAILED = 1;

  private EmulatorMain() {}

  /**
   * Parses the flags, starts the emulator and serves until the JVM is asked to stop.
   *
   * @param args the flags; {@code --help} lists them
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err, EmulatorMain::serveUntilShutdown);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * The whole command, without {@code System.exit}: parses, starts, announces, then hands the
   * running emulator to {@code serve} and closes it when {@code serve} returns.
   *
   * @return the exit status: 0, {@link #EXIT_USAGE} or {@link #EXIT_START_FAILED}
   */
  static int run(String[] args, PrintStream out, PrintStream err, Consumer<AutoMlEmulator> serve) {
    EmulatorOptions options;
    try {
      options = EmulatorOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("lro-poller-emulator: " + e.getMessage());
      err.println(EmulatorOptions.USAGE);
      return EXIT_USAGE;
    }
    if (options.help) {
      out.println(EmulatorOptions.USAGE);
      return 0;
    }
    AutoMlEmulator emulator;
    try {
      emulator = options.start();
    } catch (RuntimeException e) {
      err.println("lro-poller-emulator: cannot listen on 127.0.0.1:" + options.port + ": " + e.getMessage());
      return EXIT_START_FAILED;
    }
    try {
      out.println("operations: " + options.script + (options.start > 0
          ? "; started " + options.start + " under " + options.script.parent() : ""));
      if (!options.faults.isEmpty()) {
        StringBuilder faults = new StringBuilder("faults:");
        options.faults.forEach(f -> faults.append(' ').append(f.fault()).append(" at ").append(f.rate()));
        out.println(faults);
      }
      if (options.quotaPerMinute > 0 || !options.projectQuotas.isEmpty()) {
        out.println("quota: " + (options.quotaPerMinute > 0 ? options.quotaPerMinute
            + " requests per minute per project" : "none by default")
            + (options.projectQuotas.isEmpty() ? "" : "; " + options.projectQuotas));
      }
      options.vertex.describe(emulator, options.script.parent(), out);
      out.println("listening on " + emulator.baseUri());
      out.flush();
      serve.accept(emulator);
    } finally {
      emulator.close();
    }
    return 0;
  }

  /** Parks the main thread until SIGTERM or Ctrl-C, whose shutdown hook closes the server. */
  private static void serveUntilShutdown(AutoMlEmulator emulator) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.close();
      stopped.countDown();
    }, "lro-poller-emulator-shutdown"));
    boolean interrupted = false;
    while (stopped.getCount() > 0) {
      try {
        stopped.await();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
