package dev.lropoller.testing.emulator;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of {@link EmulatorMain}, parsed and checked. Immutable. Every rejected value
 * is quoted in the {@link IllegalArgumentException}'s message.
 */
final class EmulatorOptions {
  /** The port used when {@code --port} is absent. */
  static final int DEFAULT_PORT = 9090;
  /** Polls to done when neither {@code --done-after-polls} nor {@code --done-after} is given. */
  static final int DEFAULT_POLLS_TO_DONE = 3;

  static final String USAGE = String.join("\n",
      "usage: java -jar lro-poller-emulator.jar [options]",
      "Serves the Cloud AutoML v1 long-running operations REST API from memory on 127.0.0.1.",
      "  --port N                 port to bind; 0 picks a free one (default " + DEFAULT_PORT + ")",
      "  --done-after-polls N     operations are done on their N-th poll (default "
          + DEFAULT_POLLS_TO_DONE + ")",
      "  --done-after DURATION    operations are done DURATION after they start (250ms, 30s, 5m, 2h, PT1M)",
      "  --never-done             operations run until cancelled",
      "  --failure CODE[:MESSAGE] operations end with this google.rpc code (1..16) instead of success",
      "  --kind KIND              kind of the operations --start creates (default CREATE_MODEL):",
      "                           " + kinds(),
      "  --parent PARENT          parent of the operations --start creates",
      "                           (default " + OperationScript.DEFAULT_PARENT + ")",
      "  --start N                create N operations at startup (list: GET /v1/PARENT/operations)",
      "  --fault SPEC:RATE        inject a fault into each poll with probability RATE (0..1); repeatable.",
      "                           SPEC: an HTTP status 400..599, 429=DURATION (with Retry-After), reset,",
      "                           truncated, html, oversized, latency=DURATION",
      "  --fault-seed N           seed of the fault dice, for reproducible runs",
      "  --fault-all-routes       apply faults to every route, not only to operation polls",
      "  --require-token          answer 401 to requests without a bearer token",
      "  --workers N              event-loop threads (default 2)",
      "  --log-capacity N         recent requests kept in memory (default 100000)",
      "  --tls                    serve https with a self-signed certificate for localhost and",
      "                           127.0.0.1, offering h2 and HTTP/1.1 over ALPN",
      "  --no-http2               with --tls, offer HTTP/1.1 only",
      "  --tls-cert-out FILE      with --tls, write the certificate (PEM) to FILE for clients to trust",
      "  --stats-route            answer GET /_emulator/stats with connection, handshake and request counts",
      "                           (and, with a quota, per project requests, 429s and peak per minute)",
      "  --quota-per-minute N     per-project quota: a request under /v1/projects/P/ that finds N",
      "                           accepted requests of P in the last 60s is answered 429",
      "                           RESOURCE_EXHAUSTED with Retry-After (default: no quota)",
      "  --project-quota P=N      quota N for project P only, overriding --quota-per-minute; repeatable",
      "  --help                   print this and exit",
      VertexFlags.USAGE,
      "Operations started through the RPC routes (POST .../models, :importData, ...) follow the",
      "script flags under the request's parent. Prints \"listening on http://127.0.0.1:PORT\" when",
      "ready; stops on SIGTERM or Ctrl-C.");

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final int DEFAULT_WORKERS = 2;
  private static final int DEFAULT_LOG_CAPACITY = 100_000;

  /** One {@code --fault} rule. */
  record FaultRate(Fault fault, double rate) {}

  final boolean help;
  final int port;
  final OperationScript script;
  final int start;
  final List<FaultRate> faults;
  final Long faultSeed;
  final boolean faultAllRoutes;
  final boolean requireToken;
  final int workers;
  final int logCapacity;
  final boolean tls;
  final boolean http2;
  final java.nio.file.Path certOut;
  final boolean statsRoute;
  /** Requests per minute per project, 0 for no quota. */
  final int quotaPerMinute;
  final java.util.Map<String, Integer> projectQuotas;
  final VertexFlags vertex;

  private EmulatorOptions(Parser p) {
    this.vertex = p.vertex;
    this.quotaPerMinute = p.quotaPerMinute;
    this.projectQuotas = java.util.Map.copyOf(p.projectQuotas);
    this.tls = p.tls;
    this.http2 = p.http2;
    this.certOut = p.certOut;
    this.statsRoute = p.statsRoute;
    this.help = p.help;
    this.port = p.port;
    this.script = p.script.build();
    this.start = p.start;
    this.faults = List.copyOf(p.faults);
    this.faultSeed = p.faultSeed;
    this.faultAllRoutes = p.faultAllRoutes;
    this.requireToken = p.requireToken;
    this.workers = p.workers;
    this.logCapacity = p.logCapacity;
  }

  /**
   * Parses a command line.
   *
   * @param args the arguments, as given to {@code main}
   * @return the options
   * @throws IllegalArgumentException for an unknown flag, a missing or bad value, quoting it
   */
  static EmulatorOptions parse(String... args) {
    Parser p = new Parser();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      switch (flag) {
        case "--help", "-h" -> p.help = true;
        case "--never-done" -> p.script.neverDone();
        case "--fault-all-routes" -> p.faultAllRoutes = true;
        case "--require-token" -> p.requireToken = true;
        case "--tls" -> p.tls = true;
        case "--no-http2" -> p.http2 = false;
        case "--stats-route" -> p.statsRoute = true;
        default -> {
          if (p.vertex.flag(flag)) {
            continue;
          }
          if (!flag.startsWith("--")) {
            throw new IllegalArgumentException("unexpected argument \"" + flag + "\"");
          }
          String value;
          int eq = flag.indexOf('=');
          if (eq > 0) {
            value = flag.substring(eq + 1);
            flag = flag.substring(0, eq);
          } else if (i + 1 < args.length) {
            value = args[++i];
          } else {
            throw new IllegalArgumentException(flag + " needs a value");
          }
          p.option(flag, value);
        }
      }
    }
    if (p.certOut != null && !p.tls) {
      throw new IllegalArgumentException("--tls-cert-out needs --tls, got \"" + p.certOut + "\" alone");
    }
    p.vertex.check(p.script.build().parent());
    return new EmulatorOptions(p);
  }

  /**
   * Starts an emulator configured by these options and creates the {@code --start} operations.
   *
   * @return the running emulator
   * @throws RuntimeException if the port cannot be bound
   */
  AutoMlEmulator start() {
    AutoMlEmulator.Builder builder = AutoMlEmulator.builder()
        .port(port)
        .defaultScript(script)
        .requireToken(requireToken)
        .workerThreads(workers)
        .logCapacity(logCapacity)
        .tls(tls)
        .http2(http2)
        .statsRoute(statsRoute);
    if (quotaPerMinute > 0) {
      builder.quotaPerMinute(quotaPerMinute);
    }
    projectQuotas.forEach(builder::quotaPerMinute);
    vertex.configure(builder);
    AutoMlEmulator emulator = builder.start();
    if (certOut != null) {
      try {
        java.nio.file.Files.writeString(certOut, emulator.certificatePem());
      } catch (java.io.IOException e) {
        emulator.close();
        throw new java.io.UncheckedIOException("cannot write --tls-cert-out \"" + certOut + "\"", e);
      }
    }
    EmulatorFaults plan = emulator.faults().allRoutes(faultAllRoutes);
    if (faultSeed != null) {
      plan.seed(faultSeed);
    }
    faults.forEach(f -> plan.rate(f.rate(), f.fault()));
    for (int i = 0; i < start; i++) {
      emulator.startOperation(script);
    }
    vertex.startJobs(emulator, script.parent());
    return emulator;
  }

  /** Reads a duration such as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h} or {@code PT1M}. */
  static Duration duration(String flag, String value) {
    Matcher m = DURATION.matcher(value);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      return Duration.parse(value);
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          flag + " needs a duration such as 250ms, 30s, 5m, 2h or PT1M, got \"" + value + "\"");
    }
  }

  /** Reads {@code SPEC:RATE}; see {@link #USAGE}. */
  static FaultRate faultRate(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "--fault needs SPEC:RATE such as 503:0.01 or reset:0.005, got \"" + value + "\"");
    }
    String spec = value.substring(0, colon).toLowerCase(Locale.ROOT);
    String rateText = value.substring(colon + 1);
    double rate;
    try {
      rate = Double.parseDouble(rateText);
    } catch (NumberFormatException e) {
      rate = Double.NaN;
    }
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(
          "--fault rate must be a number in [0, 1], got \"" + rateText + "\" in \"" + value + "\"");
    }
    return new FaultRate(fault(spec, value), rate);
  }

  private static Fault fault(String spec, String whole) {
    switch (spec) {
      case "reset" -> {
        return Fault.connectionReset();
      }
      case "truncated" -> {
        return Fault.truncatedBody();
      }
      case "html" -> {
        return Fault.htmlBody();
      }
      case "oversized" -> {
        return Fault.oversizedBody();
      }
      default -> { }
    }
    if (spec.startsWith("latency=")) {
      return Fault.latency(duration("--fault latency", spec.substring("latency=".length())));
    }
    if (spec.startsWith("429=")) {
      return Fault.tooManyRequests(duration("--fault 429", spec.substring("429=".length())));
    }
    int status;
    try {
      status = Integer.parseInt(spec);
    } catch (NumberFormatException e) {
      status = -1;
    }
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("--fault needs an HTTP status 400..599, 429=DURATION, reset,"
          + " truncated, html, oversized or latency=DURATION before the rate, got \"" + whole + "\"");
    }
    return Fault.status(status);
  }

  private static String kinds() {
    StringBuilder b = new StringBuilder();
    for (AutoMlRpc k : AutoMlRpc.values()) {
      b.append(b.length() == 0 ? "" : ", ").append(k.name());
    }
    return b.toString();
  }

  /** Mutable state while reading the arguments. */
  private static final class Parser {
    boolean help;
    int port = DEFAULT_PORT;
    final OperationScript.Builder script =
        OperationScript.builder(AutoMlRpc.CREATE_MODEL).doneAfterPolls(DEFAULT_POLLS_TO_DONE);
    int start;
    final List<FaultRate> faults = new ArrayList<>();
    Long faultSeed;
    boolean faultAllRoutes;
    boolean requireToken;
    int workers = DEFAULT_WORKERS;
    int logCapacity = DEFAULT_LOG_CAPACITY;
    boolean tls;
    boolean http2 = true;
    java.nio.file.Path certOut;
    boolean statsRoute;
    int quotaPerMinute;
    final java.util.Map<String, Integer> projectQuotas = new java.util.TreeMap<>();
    final VertexFlags vertex = new VertexFlags();

    void option(String flag, String value) {
      if (vertex.option(flag, value)) {
        return;
      }
      switch (flag) {
        case "--quota-per-minute" -> quotaPerMinute = integer(flag, value, 1, Integer.MAX_VALUE);
        case "--project-quota" -> projectQuota(value);
        case "--port" -> port = integer(flag, value, 0, 65535);
        case "--done-after-polls" -> script.doneAfterPolls(integer(flag, value, 1, Integer.MAX_VALUE));
        case "--done-after" -> {
          Duration d = duration(flag, value);
          if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(flag + " needs a positive duration, got \"" + value + "\"");
          }
          script.doneAfter(d);
        }
        case "--failure" -> failure(value);
        case "--kind" -> script.kind(kind(value));
        case "--parent" -> {
          try {
            script.parent(value);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "--parent needs slash-separated segments such as projects/p/locations/l, got \""
                    + value + "\"");
          }
        }
        case "--start" -> start = integer(flag, value, 0, 10_000_000);
        case "--fault" -> faults.add(faultRate(value));
        case "--fault-seed" -> {
          try {
            faultSeed = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs an integer, got \"" + value + "\"");
          }
        }
        case "--workers" -> workers = integer(flag, value, 1, 256);
        case "--log-capacity" -> logCapacity = integer(flag, value, 0, Integer.MAX_VALUE);
        case "--tls-cert-out" -> {
          try {
            certOut = java.nio.file.Path.of(value);
          } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(flag + " needs a file path, got \"" + value + "\"");
          }
        }
        default -> throw new IllegalArgumentException("unknown option \"" + flag + "\"");
      }
    }

    private void projectQuota(String value) {
      int eq = value.lastIndexOf('=');
      String project = eq < 0 ? "" : value.substring(0, eq);
      if (project.isEmpty() || project.contains("/")) {
        throw new IllegalArgumentException(
            "--project-quota needs PROJECT=N such as my-project=600, got \"" + value + "\"");
      }
      projectQuotas.put(project, integer("--project-quota " + project, value.substring(eq + 1), 1, Integer.MAX_VALUE));
    }

    private void failure(String value) {
      int colon = value.indexOf(':');
      String codeText = colon < 0 ? value : value.substring(0, colon);
      String message = colon < 0 ? "Operation failed (emulated)." : value.substring(colon + 1);
      int code = integer("--failure code", codeText, 1, 16);
      script.failure(code, message);
    }

    private static AutoMlRpc kind(String value) {
      try {
        return AutoMlRpc.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--kind needs one of " + kinds() + ", got \"" + value + "\"");
      }
    }
  }

  /** Reads an integer in {@code min..max}, quoting the value when it is not one. */
  static int integer(String flag, String value, int min, int max) {
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException e) {
      n = Long.MIN_VALUE;
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          flag + " needs an integer in " + min + ".." + max + ", got \"" + value + "\"");
    }
    return (int) n;
  }
}
