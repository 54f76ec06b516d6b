package dev.lropoller.demo;

import dev.lropoller.OperationPoller;
import dev.lropoller.bench.support.Durations;
import dev.lropoller.model.Job;
import dev.lropoller.model.ModelVersion;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.JobScript;
import dev.lropoller.testing.emulator.JobState;
import dev.lropoller.testing.emulator.VertexJobKind;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Part one's Vertex AI run: one training pipeline in each of two regions, watched by one poller
 * that routes each request to its region's endpoint (the emulator's port for that region, which
 * answers 400 to a name of another region) and ends each in a typed {@link ModelVersion}.
 */
final class VertexPart {
  /** The regions, each served on its own emulator port. */
  static final List<String> REGIONS = List.of("us-central1", "europe-west4");

  private final AutoMlEmulator emulator;
  private final PrintStream out;
  private final Duration unit;

  VertexPart(AutoMlEmulator emulator, PrintStream out, Duration unit) {
    this.emulator = emulator;
    this.out = out;
    this.unit = unit;
  }

  /** Adds {@link #REGIONS} to an emulator builder. */
  static AutoMlEmulator.Builder withRegions(AutoMlEmulator.Builder b) {
    REGIONS.forEach(b::location);
    return b;
  }

  /** Runs both pipelines to their ends (or {@code timeout}) and returns their outcomes. */
  List<MixOutcome> run(Duration timeout) {
    out.println();
    out.println("Part one, Vertex AI: a TrainingPipeline in each of " + String.join(" and ", REGIONS)
        + ", watched by one poller with service(VERTEX_AI); each region's requests go to its own endpoint:");
    for (String region : REGIONS) {
      out.println("  " + region + " -> " + emulator.vertex().locationUri(region));
    }
    OperationPoller poller = Pollers.forVertexEmulator(emulator, REGIONS, unit);
    try {
      List<Mono<MixOutcome>> watches = new ArrayList<>();
      for (int i = 0; i < REGIONS.size(); i++) {
        watches.add(watch(poller, REGIONS.get(i), 3 + 2 * i));
      }
      List<MixOutcome> outcomes = Flux.mergeSequential(watches).collectList().block(timeout);
      outcomes.forEach(this::print);
      return outcomes;
    } finally {
      poller.close();
    }
  }

  private Mono<MixOutcome> watch(OperationPoller poller, String region, int runningUnits) {
    String name = emulator.vertex().startJob(JobScript.builder(VertexJobKind.TRAINING_PIPELINE)
        .parent("projects/demo-project/locations/" + region)
        .step(JobState.QUEUED, unit)
        .step(JobState.PENDING, unit)
        .step(JobState.RUNNING, unit.multipliedBy(runningUnits))
        .last(JobState.SUCCEEDED)
        .build());
    long start = System.nanoTime();
    Mono<List<Job>> states = poller.jobs().watch(name).distinctUntilChanged(Job::stateName).collectList();
    Mono<TypedOutcome> model = poller.jobs().trainedModel(name).map(VertexPart::typed)
        .onErrorResume(e -> Mono.just(TypedOutcome.of(e)));
    return Mono.zip(model, states).map(t -> judge(region, name, t.getT1(), t.getT2(),
        Duration.ofNanos(System.nanoTime() - start)));
  }

  private static TypedOutcome typed(ModelVersion m) {
    return new TypedOutcome(Outcome.MODEL, m, null, List.of(
        "jobs().trainedModel() -> ModelVersion",
        "  name            " + m.name(),
        "  versionId       " + m.versionId(),
        "  displayName     " + m.displayName()));
  }

  private MixOutcome judge(String region, String name, TypedOutcome o, List<Job> states,
      Duration elapsed) {
    List<String> lines = new ArrayList<>(o.lines());
    Job last = states.get(states.size() - 1);
    List<String> names = states.stream().map(Job::stateName).toList();
    lines.add("states seen     " + String.join(" -> ", names) + " in "
        + emulator.vertex().jobPollCount(name) + " polls");
    String difference = null;
    if (o.outcome() != Outcome.MODEL) {
      difference = "expected MODEL, got " + o.outcome() + ": " + o.lines().get(0);
    } else if (!((ModelVersion) o.value()).name().contains("/locations/" + region + "/")) {
      difference = "the model is not in " + region + ": " + ((ModelVersion) o.value()).name();
    } else if (last.state() != dev.lropoller.model.JobState.SUCCEEDED) {
      difference = "the last state seen was " + last.stateName();
    }
    return new MixOutcome("vertex-" + region, name, Outcome.MODEL, o.outcome(), List.copyOf(lines),
        difference, elapsed);
  }

  private void print(MixOutcome o) {
    out.printf(java.util.Locale.ROOT, "  %-22s %-12s %s (%s)%n", o.label(), o.actual(),
        o.matched() ? "as scripted" : "DIFFERS", Durations.format(o.elapsed()));
    out.println("      job " + o.operationName());
    o.lines().forEach(l -> out.println("      " + l));
    if (!o.matched()) {
      out.println("      difference: " + o.difference());
    }
  }
}
