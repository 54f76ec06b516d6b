package dev.lropoller.bench.vertex;

import dev.lropoller.testing.emulator.JobScript;
import dev.lropoller.testing.emulator.JobState;
import dev.lropoller.testing.emulator.VertexJobKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seeded training pipelines of the detection-lag run: {@code n} runs of 10 to 60 minutes
 * (uniform, whole seconds, drawn as the schedule simulator's {@code Workload.tenToSixtyMinutes}
 * draws them, so one seed gives the same durations there and here), each RUNNING from its creation
 * for its duration on the emulator's clock and then SUCCEEDED, or FAILED for one in ten (drawn from
 * a second stream of the seed), spread round-robin over the projects and locations.
 */
final class LagRuns {
  private LagRuns() {}

  /**
   * One scripted training pipeline.
   *
   * @param index position
   * @param parent {@code projects/{p}/locations/{l}}
   * @param duration how long it runs
   * @param end SUCCEEDED or FAILED
   */
  record Run(int index, String parent, Duration duration, JobState end) {
    /**
     * The job script: RUNNING for the duration, then the end state.
     *
     * @return the script
     */
    JobScript script() {
      return JobScript.builder(VertexJobKind.TRAINING_PIPELINE).parent(parent)
          .displayName("vlag-" + index).failure(13, "emulated failure of run " + index)
          .step(JobState.RUNNING, duration).last(end).build();
    }

    /** The location segment of the parent. */
    String location() {
      return parent.substring(parent.lastIndexOf('/') + 1);
    }
  }

  /**
   * Draws the runs.
   *
   * @param n at least 1
   * @param seed the seed
   * @param projects project ids, not empty
   * @param locations location ids, not empty
   * @return the runs
   * @throws IllegalArgumentException if {@code n} is less than 1 or a list is empty
   */
  static List<Run> of(int n, long seed, List<String> projects, List<String> locations) {
    if (n < 1 || projects.isEmpty() || locations.isEmpty()) {
      throw new IllegalArgumentException("the lag runs need n >= 1, a project and a location, got n="
          + n + ", projects " + projects + ", locations " + locations);
    }
    SplittableRandom durations = new SplittableRandom(seed);
    SplittableRandom outcomes = new SplittableRandom(seed + 1);
    List<Run> runs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long seconds = 600 + durations.nextLong(3000 + 1);
      String parent = "projects/" + projects.get(i % projects.size()) + "/locations/"
          + locations.get((i / projects.size()) % locations.size());
      runs.add(new Run(i, parent, Duration.ofSeconds(seconds),
          outcomes.nextInt(10) == 0 ? JobState.FAILED : JobState.SUCCEEDED));
    }
    return runs;
  }
}
