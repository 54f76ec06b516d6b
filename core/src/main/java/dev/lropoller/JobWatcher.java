package dev.lropoller;

import dev.lropoller.error.JobExpiredException;
import dev.lropoller.error.OperationCancelledException;
import dev.lropoller.error.OperationFailedException;
import dev.lropoller.error.UnexpectedResponseException;
import dev.lropoller.internal.engine.PollingEngine;
import dev.lropoller.model.BatchPredictionOutput;
import dev.lropoller.model.Job;
import dev.lropoller.model.JobKind;
import dev.lropoller.model.JobState;
import dev.lropoller.model.ModelVersion;
import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcStatus;
import dev.lropoller.model.TunedModel;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Watches Vertex AI jobs and pipelines ({@link JobKind}) by their {@code state}, from
 * {@link OperationPoller#jobs()}. A job is watched exactly as an operation is, by the same
 * engine: the poller's policy (backoff, jitter, {@code Retry-After}), its budgets and
 * back-pressure, one loop shared by every subscriber of a name and policy, age-aware resume from
 * the job's {@code createTime}, token refresh, {@code close()}, listener events and meters.
 *
 * <p>The rules of the states ({@link JobState}): SUCCEEDED, FAILED, CANCELLED, EXPIRED and
 * PARTIALLY_SUCCEEDED end a watch; PAUSED, UPDATING and CANCELLING do not. A state this library
 * does not know is logged once per value at WARN and watched on as if running. For the results:
 * SUCCEEDED and PARTIALLY_SUCCEEDED succeed (a partial success ended and kept its output; what is
 * missing shows in {@link Job#state()} and, for batch predictions, in the failed count), FAILED
 * signals {@link OperationFailedException} with the job's {@code error}, CANCELLED
 * {@link OperationCancelledException}, and EXPIRED {@link JobExpiredException}.
 */
public final class JobWatcher {
  private static final Logger LOG = Loggers.getLogger(JobWatcher.class);

  private final PollingEngine engine;
  private final Set<String> reportedStates = ConcurrentHashMap.newKeySet();

  JobWatcher(PollingEngine engine) {
    this.engine = engine;
  }

  /**
   * The snapshots of a job with the poller's policy: each poll's, the first at once, completing
   * after the first one in a terminal state. Same as {@code watch(name, poller.policy())}.
   *
   * @param name a job or pipeline name, {@code projects/{p}/locations/{l}/{collection}/{id}}
   * @return the snapshots; errors as {@link OperationPoller#poll} (timeout, retries exhausted,
   *     closed poller, API errors), never for a job that ended FAILED
   * @throws IllegalArgumentException if {@code name} is not a job name; the message quotes it
   */
  public Flux<Job> watch(String name) {
    return watch(name, engine.policy());
  }

  /**
   * As {@link #watch(String)}, with its own policy.
   *
   * @param name a job or pipeline name
   * @param policy the schedule and budget of this watch
   * @return the snapshots
   * @throws IllegalArgumentException if {@code name} is not a job name; the message quotes it
   */
  public Flux<Job> watch(String name, PollPolicy policy) {
    JobKind.ofName(name);
    return engine.poll(name, Objects.requireNonNull(policy, "policy")).map(this::read);
  }

  /**
   * One GET of a job, with the poller's retries.
   *
   * @param name a job or pipeline name
   * @return the snapshot
   * @throws IllegalArgumentException if {@code name} is not a job name; the message quotes it
   */
  public Mono<Job> get(String name) {
    JobKind.ofName(name);
    return engine.get(name).map(this::read);
  }

  /**
   * Watches to the end and gives the final snapshot of a job that SUCCEEDED or
   * PARTIALLY_SUCCEEDED; the errors of the class Javadoc otherwise.
   *
   * @param name a job or pipeline name
   * @return the final snapshot
   * @throws IllegalArgumentException if {@code name} is not a job name; the message quotes it
   */
  public Mono<Job> result(String name) {
    return watch(name).last().flatMap(JobWatcher::ended);
  }

  /**
   * Waits for a job and ignores what it produced.
   *
   * @param name a job or pipeline name
   * @return completes when it SUCCEEDED or PARTIALLY_SUCCEEDED
   * @throws IllegalArgumentException if {@code name} is not a job name; the message quotes it
   */
  public Mono<Void> completion(String name) {
    return result(name).then();
  }

  /**
   * Waits for a TrainingPipeline and gives the Model it uploaded.
   *
   * @param name a {@code trainingPipelines} name
   * @return the model's name, version id and display name; {@link UnexpectedResponseException}
   *     if the pipeline succeeded without {@code modelToUpload.name}
   * @throws IllegalArgumentException if {@code name} is not a {@code trainingPipelines} name
   */
  public Mono<ModelVersion> trainedModel(String name) {
    return produced(name, JobKind.TRAINING_PIPELINE, Job::uploadedModel, "modelToUpload.name");
  }

  /**
   * Waits for a TuningJob and gives its tuned model and endpoint.
   *
   * @param name a {@code tuningJobs} name
   * @return the tuned model; {@link UnexpectedResponseException} if it succeeded without one
   * @throws IllegalArgumentException if {@code name} is not a {@code tuningJobs} name
   */
  public Mono<TunedModel> tunedModel(String name) {
    return produced(name, JobKind.TUNING_JOB, Job::tunedModel, "tunedModel.model");
  }

  /**
   * Waits for a BatchPredictionJob and gives its output location and completion counts.
   *
   * @param name a {@code batchPredictionJobs} name
   * @return the output; {@link UnexpectedResponseException} if it ended without either
   * @throws IllegalArgumentException if {@code name} is not a {@code batchPredictionJobs} name
   */
  public Mono<BatchPredictionOutput> batchPredictionOutput(String name) {
    return produced(name, JobKind.BATCH_PREDICTION_JOB, Job::batchPredictionOutput,
        "outputInfo or completionStats");
  }

  /**
   * Asks Vertex to cancel the job ({@code POST /v1/{name}:cancel}). Best effort: the job goes
   * through CANCELLING and may still succeed or fail; a running watch sees where it ends.
   *
   * @param name a job or pipeline name
   * @return completes when the server accepted the request
   * @throws IllegalArgumentException if {@code name} is not a job name; the message quotes it
   */
  public Mono<Void> cancel(String name) {
    JobKind.ofName(name);
    return engine.cancel(name);
  }

  /**
   * Deletes the job ({@code DELETE /v1/{name}}); a TuningJob cannot be deleted.
   *
   * @param name a job or pipeline name
   * @return completes when the server accepted the request
   * @throws IllegalArgumentException if {@code name} is not a job name; the message quotes it
   */
  public Mono<Void> delete(String name) {
    JobKind.ofName(name);
    return engine.delete(name);
  }

  private <T> Mono<T> produced(String name, JobKind kind, Function<Job, Optional<T>> read,
      String field) {
    if (JobKind.ofName(name) != kind) {
      throw new IllegalArgumentException("expected a " + kind.collection() + " name, got " + name);
    }
    return result(name).flatMap(job -> read.apply(job).map(Mono::just).orElseGet(() ->
        Mono.error(new UnexpectedResponseException(name, "job " + name + " ended "
            + job.stateName() + " without " + field))));
  }

  private Job read(Operation view) {
    Job job = Job.fromView(view);
    if (job.state() == JobState.UNRECOGNIZED && reportedStates.add(job.stateName())) {
      LOG.warn("job {} is in state {}, which this version does not know; watched as running",
          job.name(), job.stateName());
    }
    return job;
  }

  private static Mono<Job> ended(Job job) {
    Operation view = job.asOperation();
    RpcStatus error = view.error().orElse(null);
    switch (job.state()) {
      case FAILED:
        return Mono.error(new OperationFailedException(view, error));
      case CANCELLED:
        return Mono.error(new OperationCancelledException(view, error));
      case EXPIRED:
        return Mono.error(new JobExpiredException(view, error));
      default:
        return Mono.just(job);
    }
  }
}
