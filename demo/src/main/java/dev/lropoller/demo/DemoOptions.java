package dev.lropoller.demo;

import dev.lropoller.bench.support.CommandLine;
import dev.lropoller.bench.support.Durations;
import dev.lropoller.bench.support.UsageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo's command line: {@code --operations N}, {@code --interval DURATION},
 * {@code --operation NAME [--endpoint URL]}, {@code --help}, in the grammar the benchmarks share
 * ({@link CommandLine}: a value as the next argument or after {@code =}; durations as in
 * {@link Durations}).
 *
 * @param operations how many operations part two watches
 * @param interval the poll interval of part two
 * @param operation a real operation to watch instead of the emulator parts, or null
 * @param endpoint the endpoint for {@code operation}, or null for the library's default
 * @param help whether to print the usage and exit
 */
public record DemoOptions(
    int operations, Duration interval, String operation, URI endpoint, boolean help) {

  /** Part two's default operation count. */
  public static final int DEFAULT_OPERATIONS = 10_000;
  /** Part two's default poll interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
  /** The most operations part two accepts. */
  public static final int MAX_OPERATIONS = 1_000_000;

  /** The usage text printed by {@code --help} and after a bad flag. */
  public static final String USAGE = String.join("\n",
      "usage: java -jar lro-poller-demo.jar [--operations N] [--interval DURATION]",
      "       java -jar lro-poller-demo.jar --operation NAME [--endpoint URL]",
      "",
      "With no flags, starts an embedded AutoML emulator (no Google Cloud account needed) and",
      "  part one: watches six scripted operations (success, model, failure with details,",
      "            deploy, batch prediction, one cancelled midway) with live progress;",
      "  part two: watches N operations of " + ScaleSettings.PROJECTS
          + " projects from one poller, with injected 503s and",
      "            connection resets, under a per-project quota at the emulator that the",
      "            poller's maxRequestsPerMinute keeps under (no 429 expected).",
      "",
      "  --operations N       operations in part two (default " + DEFAULT_OPERATIONS + ", 1.."
          + MAX_OPERATIONS + ")",
      "  --interval DURATION  poll interval in part two, e.g. 500ms, 1s, 2.5s (default "
          + Durations.format(DEFAULT_INTERVAL) + ");",
      "                       above 10,000 operations part two starts at most 2,000 a second",
      "                       and polls each at most every N/5,000 seconds, so one machine",
      "                       serving both sides keeps up (100,000: over 50s, every 20s)",
      "  --operation NAME     watch a real operation with Application Default Credentials,",
      "                       e.g. projects/p/locations/us-central1/operations/ICN123",
      "  --endpoint URL       with --operation: the API endpoint (default "
          + "https://automl.googleapis.com)",
      "  --help               print this text",
      "",
      "Exit code: 0 when every outcome matched its script (or the real operation succeeded),",
      "1 otherwise, 2 for a bad command line.");

  /**
   * The options of a run without flags.
   *
   * @return the defaults
   */
  public static DemoOptions defaults() {
    return new DemoOptions(DEFAULT_OPERATIONS, DEFAULT_INTERVAL, null, null, false);
  }

  /**
   * Parses the command line (the grammar of {@link CommandLine}).
   *
   * @param args the arguments
   * @return the options
   * @throws UsageException for an unknown flag, a missing or bad value; the message quotes it
   */
  public static DemoOptions parse(String... args) {
    CommandLine cl = CommandLine.parse(args,
        List.of("--operations", "--interval", "--operation", "--endpoint"), List.of("--help", "-h"));
    int operations = cl.between("--operations", 1, MAX_OPERATIONS, DEFAULT_OPERATIONS);
    Duration interval = interval(cl);
    String operation = cl.text("--operation", null);
    if (operation != null && operation.isBlank()) {
      throw new UsageException("--operation needs an operation name, got \"" + operation + "\"");
    }
    URI endpoint = cl.value("--endpoint").map(DemoOptions::endpoint).orElse(null);
    if (endpoint != null && operation == null) {
      throw new UsageException("--endpoint \"" + endpoint + "\" needs --operation NAME");
    }
    if (operation != null && (cl.has("--operations") || cl.has("--interval"))) {
      throw new UsageException("--operation \"" + operation
          + "\" watches one real operation; it cannot be combined with "
          + (cl.has("--operations") ? "--operations" : "--interval"));
    }
    return new DemoOptions(operations, interval, operation, endpoint,
        cl.has("--help") || cl.has("-h"));
  }

  /**
   * The real operation to watch, if any.
   *
   * @return the name given with {@code --operation}
   */
  public Optional<String> realOperation() {
    return Optional.ofNullable(operation);
  }

  private static Duration interval(CommandLine cl) {
    Duration d = cl.duration("--interval", DEFAULT_INTERVAL);
    if (d.compareTo(Duration.ofMillis(10)) < 0 || d.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new UsageException("--interval must be between 10ms and 10m, got \""
          + cl.value("--interval").orElse("") + "\"");
    }
    return d;
  }

  private static URI endpoint(String v) {
    try {
      URI uri = new URI(v.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new UsageException(
        "--endpoint must be an http(s) URL such as https://automl.googleapis.com, got \"" + v + "\"");
  }
}
