package dev.lropoller.testing.emulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Vertex AI flags of {@link EmulatorMain}: per-location listeners, quota per project and
 * location, the job script, and jobs created at startup. Every rejected value is quoted.
 */
final class VertexFlags {
  static final String USAGE = String.join("\n",
      "Vertex AI (jobs, pipelines and operations under /v1/projects/P/locations/L/, on every port):",
      "  --location L[=PORT]      serve location L on a port of its own (default an ephemeral one); repeatable.",
      "                           A request there whose path names another location is answered 400",
      "  --quota-per-location     count --quota-per-minute per project and location, as Vertex AI does",
      "  --location-quota P/L=N   quota N for project P in location L; implies --quota-per-location; repeatable",
      "  --job-end STATE          state jobs end in (default SUCCEEDED): " + states(),
      "  --job-polls-per-state N  polls each of QUEUED, PENDING and RUNNING is shown (default 1)",
      "  --job-running DURATION   RUNNING lasts DURATION on the clock instead of a number of polls",
      "  --start-jobs KIND:N      create N jobs of KIND under --parent at startup; KIND one of",
      "                           " + kinds());

  private JobState end = JobState.SUCCEEDED;
  private int pollsPerState = 1;
  private Duration running;
  private VertexJobKind startKind;
  private int startJobs;
  private boolean quotaPerLocation;
  private final Map<String, Integer> locations = new TreeMap<>();
  private final Map<String, Integer> locationQuotas = new TreeMap<>();

  /** A boolean flag; true if it was one of these. */
  boolean flag(String flag) {
    if (flag.equals("--quota-per-location")) {
      quotaPerLocation = true;
      return true;
    }
    return false;
  }

  /** A flag with a value; true if it was one of these. */
  boolean option(String flag, String value) {
    switch (flag) {
      case "--location" -> location(value);
      case "--location-quota" -> locationQuota(value);
      case "--job-end" -> end = state(value);
      case "--job-polls-per-state" -> pollsPerState = EmulatorOptions.integer(flag, value, 1, 1_000_000);
      case "--job-running" -> {
        Duration d = EmulatorOptions.duration(flag, value);
        if (d.isZero() || d.isNegative()) {
          throw new IllegalArgumentException(flag + " needs a positive duration, got \"" + value + "\"");
        }
        running = d;
      }
      case "--start-jobs" -> startJobs(value);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** The job script the flags describe, under {@code parent}. */
  JobScript script(VertexJobKind kind, String parent) {
    JobScript.Builder b = JobScript.builder(kind).step(JobState.QUEUED, pollsPerState).step(JobState.PENDING, pollsPerState);
    if (running != null) {
      b.step(JobState.RUNNING, running);
    } else {
      b.step(JobState.RUNNING, pollsPerState);
    }
    b.last(end);
    if (parent != null) {
      b.parent(parent);
    }
    return b.build();
  }

  /** Checks the combination once every flag is read. */
  void check(String parent) {
    try {
      script(startKind != null ? startKind : VertexJobKind.CUSTOM_JOB, startKind != null ? parent : null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--job-end " + end + " / --start-jobs / --parent do not fit: " + e.getMessage());
    }
  }

  void configure(AutoMlEmulator.Builder builder) {
    locations.forEach(builder::location);
    builder.quotaPerLocation(quotaPerLocation);
    locationQuotas.forEach((k, n) -> {
      int slash = k.indexOf('/');
      builder.quotaPerMinute(k.substring(0, slash), k.substring(slash + 1), n);
    });
    builder.defaultJobScript(script(VertexJobKind.CUSTOM_JOB, null));
  }

  void startJobs(AutoMlEmulator emulator, String parent) {
    for (int i = 0; i < startJobs; i++) {
      emulator.vertex().startJob(script(startKind, parent));
    }
  }

  /** Prints the Vertex lines of the startup banner. */
  void describe(AutoMlEmulator emulator, String parent, PrintStream out) {
    out.println("jobs: " + script(startKind != null ? startKind : VertexJobKind.CUSTOM_JOB, parent)
        .toString().replace("CUSTOM_JOB", startKind != null ? startKind.name() : "each kind")
        + (startJobs > 0 ? "; started " + startJobs : ""));
    for (String l : emulator.vertex().locations()) {
      out.println("location " + l + " on " + emulator.vertex().locationUri(l));
    }
    if (quotaPerLocation || !locationQuotas.isEmpty()) {
      out.println("quota: per project and location" + (locationQuotas.isEmpty() ? "" : "; " + locationQuotas));
    }
  }

  private void location(String value) {
    int eq = value.indexOf('=');
    String l = eq < 0 ? value : value.substring(0, eq);
    int port = eq < 0 ? 0 : EmulatorOptions.integer("--location " + l, value.substring(eq + 1), 0, 65535);
    if (!l.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("--location needs L or L=PORT such as us-central1=9091, got \"" + value + "\"");
    }
    locations.put(l, port);
  }

  private void locationQuota(String value) {
    int eq = value.lastIndexOf('=');
    String key = eq < 0 ? "" : value.substring(0, eq);
    int slash = key.indexOf('/');
    if (slash <= 0 || slash == key.length() - 1 || key.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException(
          "--location-quota needs PROJECT/LOCATION=N such as my-project/us-central1=600, got \"" + value + "\"");
    }
    locationQuotas.put(key, EmulatorOptions.integer("--location-quota " + key, value.substring(eq + 1), 1, Integer.MAX_VALUE));
  }

  private void startJobs(String value) {
    int colon = value.lastIndexOf(':');
    String kind = colon < 0 ? value : value.substring(0, colon);
    try {
      startKind = VertexJobKind.valueOf(kind.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--start-jobs needs KIND:N with KIND one of " + kinds() + ", got \"" + value + "\"");
    }
    startJobs = colon < 0 ? 1 : EmulatorOptions.integer("--start-jobs " + kind, value.substring(colon + 1), 0, 1_000_000);
  }

  private static JobState state(String value) {
    try {
      return JobState.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--job-end needs one of " + states() + ", got \"" + value + "\"");
    }
  }

  private static String states() {
    StringBuilder b = new StringBuilder();
    for (JobState s : JobState.values()) {
      b.append(b.length() == 0 ? "" : ", ").append(s.name());
    }
    return b.toString();
  }

  private static String kinds() {
    StringBuilder b = new StringBuilder();
    for (VertexJobKind k : VertexJobKind.values()) {
      b.append(b.length() == 0 ? "" : ", ").append(k.name());
    }
    return b.toString();
  }
}
