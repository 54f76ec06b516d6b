package dev.lropoller.bench.vertex;

import dev.lropoller.testing.emulator.JobScript;
import dev.lropoller.testing.emulator.JobState;
import dev.lropoller.testing.emulator.VertexJobKind;
import dev.lropoller.testing.emulator.VertexOperationScript;
import dev.lropoller.testing.emulator.VertexRpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The seeded scripts of the Vertex load run: {@code n} runs spread round-robin over every
 * project and location, each either a job (kinds in turn) or, for the comparison run of the same
 * shape, an operation of a Vertex method (methods in turn) that ends at the same poll or instant
 * with the same outcome.
 *
 * <p>Shape of one run, drawn from the seed: four in five advance by polls (QUEUED and PENDING one
 * poll each, RUNNING one or two, so the end shows on the 4th or 5th GET), one in five by
 * time (QUEUED for 1 to 5 s, then RUNNING for 5 to 20 s on the emulator's clock). Outcomes: 75 %
 * SUCCEEDED, 15 % FAILED, 10 % CANCELLED. An operation ends on the same GET (or at the same
 * instant) as its job: done with a response, with error code 13 (FAILED) or with code 1
 * (CANCELLED).
 */
final class JobMix {
  private static final VertexRpc[] METHODS = {VertexRpc.UPLOAD_MODEL, VertexRpc.DEPLOY_MODEL,
      VertexRpc.CREATE_DATASET, VertexRpc.IMPORT_DATA, VertexRpc.EXPORT_DATA};

  private JobMix() {}

  /**
   * One run of the mix.
   *
   * @param index position in the mix
   * @param parent {@code projects/{p}/locations/{l}}
   * @param kind the job kind
   * @param end the scripted end state: SUCCEEDED, FAILED or CANCELLED
   * @param polls QUEUED, PENDING and RUNNING polls (poll-based runs), or null
   * @param queued time in QUEUED (time-based runs), or null
   * @param running time in RUNNING (time-based runs), or null
   */
  record Run(int index, String parent, VertexJobKind kind, JobState end, int[] polls,
      Duration queued, Duration running) {

    /** Whether the run advances by time instead of polls. */
    boolean timeBased() {
      return polls == null;
    }

    /**
     * The GET that first shows the end state, for a poll-based run.
     *
     * @return QUEUED + PENDING + RUNNING polls + 1
     * @throws IllegalStateException for a time-based run
     */
    int endPoll() {
      if (polls == null) {
        throw new IllegalStateException("run " + index + " advances by time");
      }
      return polls[0] + polls[1] + polls[2] + 1;
    }

    /**
     * The job script.
     *
     * @return the script, failing with code 13 when FAILED
     */
    JobScript jobScript() {
      JobScript.Builder b = JobScript.builder(kind).parent(parent).displayName("vload-" + index)
          .failure(13, "emulated failure of run " + index);
      if (timeBased()) {
        b.step(JobState.QUEUED, queued).step(JobState.RUNNING, running);
      } else {
        b.step(JobState.QUEUED, polls[0]).step(JobState.PENDING, polls[1])
            .step(JobState.RUNNING, polls[2]);
      }
      return b.last(end).build();
    }

    /**
     * The operation of the same shape: a Vertex method's operation under a resource of this
     * run's parent, done on the same GET or at the same instant, with the same outcome.
     *
     * @return the script
     */
    VertexOperationScript operationScript() {
      VertexRpc rpc = METHODS[index % METHODS.length];
      String resource = parent + switch (rpc) {
        case UPLOAD_MODEL -> "/models/m" + index;
        case DEPLOY_MODEL -> "/endpoints/" + (1000 + index);
        default -> "/datasets/" + (1000 + index);
      };
      VertexOperationScript.Builder b = VertexOperationScript.builder(rpc, resource);
      if (timeBased()) {
        b.doneAfter(queued.plus(running));
      } else {
        b.doneAfterPolls(endPoll());
      }
      if (end == JobState.FAILED) {
        b.failure(13, "emulated failure of run " + index);
      } else if (end == JobState.CANCELLED) {
        b.failure(1, "CANCELLED");
      }
      return b.build();
    }
  }

  /**
   * Draws the mix.
   *
   * @param n how many runs, at least 1
   * @param seed the seed; the same seed gives the same runs
   * @param projects project ids
   * @param locations location ids
   * @return the runs, run {@code i} under project {@code i % projects} and location
   *     {@code (i / projects) % locations}
   * @throws IllegalArgumentException if {@code n} is less than 1 or a list is empty
   */
  static List<Run> of(int n, long seed, List<String> projects, List<String> locations) {
    if (n < 1 || projects.isEmpty() || locations.isEmpty()) {
      throw new IllegalArgumentException("a mix needs n >= 1, a project and a location, got n=" + n
          + ", projects " + projects + ", locations " + locations);
    }
    SplittableRandom random = new SplittableRandom(seed);
    VertexJobKind[] kinds = VertexJobKind.values();
    List<Run> runs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String parent = "projects/" + projects.get(i % projects.size()) + "/locations/"
          + locations.get((i / projects.size()) % locations.size());
      int draw = random.nextInt(100);
      JobState end = draw < 75 ? JobState.SUCCEEDED : draw < 90 ? JobState.FAILED : JobState.CANCELLED;
      VertexJobKind kind = kinds[i % kinds.length];
      if (random.nextInt(5) == 0) {
        runs.add(new Run(i, parent, kind, end, null, Duration.ofSeconds(1 + random.nextInt(5)),
            Duration.ofSeconds(5 + random.nextInt(16))));
      } else {
        int[] polls = {1, 1, 1 + random.nextInt(2)};
        runs.add(new Run(i, parent, kind, end, polls, null, null));
      }
    }
    return runs;
  }

  /**
   * The outcome a watch saw, in the script's terms.
   *
   * @param stateName for a job its state name ({@code SUCCEEDED}, ...); for an operation
   *     {@code SUCCEEDED}, {@code CANCELLED} (error code 1) or {@code FAILED} (any other code)
   * @param run the run
   * @return true if it is what the script ends in
   */
  static boolean matches(String stateName, Run run) {
    return Objects.equals(stateName, run.end().name());
  }
}
