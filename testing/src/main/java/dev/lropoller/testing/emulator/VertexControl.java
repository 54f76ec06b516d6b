package dev.lropoller.testing.emulator;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Vertex AI side of an {@link AutoMlEmulator}, from {@link AutoMlEmulator#vertex()}.
 *
 * <p>Routes, served on the main port and on each {@link AutoMlEmulator.Builder#location(String)
 * location's port}, all under {@code /v1/}:
 * <ul>
 *   <li>Jobs of every {@link VertexJobKind}: {@code POST {parent}/{collection}} answers the
 *       resource (QUEUED) and follows the builder's default {@link JobScript};
 *       {@code GET {name}} is a poll; {@code POST {name}:cancel} answers {@code {}} and moves the job
 *       through CANCELLING to CANCELLED (400 FAILED_PRECONDITION once it is in an end state);
 *       {@code DELETE {name}} removes it and answers a done Operation
 *       ({@code DeleteOperationMetadata}, response Empty) named {@code {name}/operations/{id}};
 *       TuningJob has no DELETE (501).</li>
 *   <li>Operations of every {@link VertexRpc}, named under their resource
 *       ({@code …/endpoints/{e}/operations/{o}}), served by the operation routes ({@code GET},
 *       {@code :cancel}, {@code :wait}, {@code DELETE}, list) like AutoML's, and following the
 *       builder's default operation script.</li>
 * </ul>
 * Answers are ProtoJSON of the {@code google.cloud.aiplatform.v1} messages (enum names, or numbers
 * when the query holds {@code enum-encoding=int}); faults, tokens and quotas apply to them as to
 * AutoML routes. Thread-safe.
 */
public final class VertexControl {
  private final VertexApi api;
  private final Supplier<Instant> now;
  private final Function<String, URI> locationUri;
  private final Set<String> locations;
  private final LocationQuotas quotas;

  VertexControl(VertexApi api, Supplier<Instant> now, Function<String, URI> locationUri,
      Set<String> locations, LocationQuotas quotas) {
    this.api = api;
    this.now = now;
    this.locationUri = locationUri;
    this.locations = Set.copyOf(locations);
    this.quotas = quotas;
  }

  /**
   * The base URI of a location's own listener, e.g. {@code http://127.0.0.1:54322}, to give a
   * client as that location's endpoint override. Requests that reach it are recorded with its
   * port in {@link RecordedRequest#authority()}.
   *
   * @param location one of {@link #locations()}
   * @return the URI (no trailing slash)
   * @throws IllegalArgumentException if the emulator has no listener for it, naming the ones it has
   */
  public URI locationUri(String location) {
    return locationUri.apply(Objects.requireNonNull(location, "location"));
  }

  /**
   * The locations with a listener of their own.
   *
   * @return an immutable set, empty unless the builder added locations
   */
  public Set<String> locations() {
    return locations;
  }

  /**
   * Creates a job now, exactly as {@code POST /v1/{parent}/{collection}} would, following
   * {@code script}.
   *
   * @param script not null
   * @return the job's name, {@code {parent}/{collection}/{19 digits}}
   */
  public String startJob(JobScript script) {
    return api.startJob(Objects.requireNonNull(script, "script")).name;
  }

  /**
   * The job's current state, without counting a poll (time-based steps advance).
   *
   * @param name the job name; not null
   * @return the state
   * @throws IllegalArgumentException if no such job exists (or it was deleted)
   */
  public JobState jobState(String name) {
    return job(name).peek(now.get()).state();
  }

  /**
   * How many {@code GET}s the job has answered. Requests replaced by a fault never reach it.
   *
   * @param name the job name; not null
   * @return the count
   * @throws IllegalArgumentException if no such job exists
   */
  public int jobPollCount(String name) {
    return job(name).polls();
  }

  /**
   * Moves a job to {@code state} now and holds it there, dropping the rest of its script (for
   * tests that steer a job by hand: pause, resume, fail). Entering RUNNING first sets
   * {@code startTime}, an end state sets {@code endTime}.
   *
   * @param name the job name; not null
   * @param state a state of the job's kind; not null
   * @throws IllegalArgumentException if no such job exists or its kind lacks the state
   */
  public void setJobState(String name, JobState state) {
    job(name).force(Objects.requireNonNull(state, "state"), now.get());
  }

  /**
   * The jobs currently held (deleted ones excluded).
   *
   * @return the count
   */
  public int jobCount() {
    return api.jobs().size();
  }

  /**
   * Starts a Vertex operation now, as its method would.
   *
   * @param script not null
   * @return the operation's full name, {@code {resource}/operations/{19 digits}}
   */
  public String startOperation(VertexOperationScript script) {
    return api.startOperation(Objects.requireNonNull(script, "script")).name;
  }

  /**
   * Per project and location, the requests, quota rejections and busiest minute since start,
   * when the quota is {@link AutoMlEmulator.Builder#quotaPerLocation(boolean) per location}.
   *
   * @return an immutable list sorted by project then location; empty without such a quota
   */
  public List<LocationTraffic> locationTraffic() {
    return quotas == null ? List.of() : quotas.traffic();
  }

  private JobRun job(String name) {
    JobRun j = api.jobs().get(Objects.requireNonNull(name, "name"));
    if (j == null) {
      throw new IllegalArgumentException("no such job: \"" + name + "\"");
    }
    return j;
  }

  /**
   * Describes the control.
   *
   * @return e.g. {@code VertexControl[3 jobs, locations [us-central1]]}
   */
  @Override
  public String toString() {
    return "VertexControl[" + api.jobs().size() + " jobs, locations " + locations + "]";
  }
}
