package dev.lropoller.demo;

import dev.lropoller.bench.support.UsageException;
import java.io.PrintStream;

/**
 * The runnable demo of lro-poller: {@code java -jar demo/target/lro-poller-demo.jar}.
 *
 * <p>Without flags it starts an embedded AutoML emulator and runs part one (six scripted
 * operations with live progress and typed outcomes) and part two (many operations on one poller
 * with injected faults, then a summary). {@code --operation NAME} watches a real operation
 * instead. See {@link DemoOptions#USAGE}.
 */
public final class Demo {
  /** Everything behaved as scripted (or the real operation succeeded). */
  public static final int EXIT_OK = 0;
  /** Something differed from the script (or the real operation failed). */
  public static final int EXIT_DIFFERENT = 1;
  /** The command line was wrong. */
  public static final int EXIT_USAGE = 2;

  private Demo() {}

  /**
   * Runs the demo and exits with {@link #EXIT_OK}, {@link #EXIT_DIFFERENT} or
   * {@link #EXIT_USAGE}.
   *
   * @param args command-line flags, see {@link DemoOptions#USAGE}
   */
  public static void main(String[] args) {
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      // The demo ships no logging backend; keep SLF4J's "no providers" notice off the screen.
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    System.exit(run(args, System.out, System.err, isAnsiTerminal()));
  }

  /**
   * Runs the demo without exiting the JVM.
   *
   * @param args command-line flags
   * @param out where results go
   * @param err where usage errors go
   * @param ansi whether {@code out} is a terminal that understands ANSI escapes
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err, boolean ansi) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (UsageException e) {
      err.println("lro-poller demo: " + e.getMessage());
      err.println();
      err.println(DemoOptions.USAGE);
      return EXIT_USAGE;
    }
    if (options.help()) {
      out.println(DemoOptions.USAGE);
      return EXIT_OK;
    }
    if (options.realOperation().isPresent()) {
      return new RealOperationWatch(out).watch(options.operation(), options.endpoint());
    }
    DemoReport report = new DemoRunner(DemoSettings.from(options), out, ansi).run();
    return report.success() ? EXIT_OK : EXIT_DIFFERENT;
  }

  /** True when stdout is an interactive terminal that is not {@code TERM=dumb}. */
  static boolean isAnsiTerminal() {
    String term = System.getenv("TERM");
    return System.console() != null && term != null && !term.isEmpty() && !term.equals("dumb");
  }
}
