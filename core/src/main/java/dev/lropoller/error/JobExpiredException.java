package dev.lropoller.error;

import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcStatus;

/**
 * A Vertex AI job ended {@code EXPIRED} (a TuningJob that ran out of time): neither a failure of
 * the work nor a cancel. Signalled by {@link dev.lropoller.JobWatcher#result} and the calls built
 * on it; {@link #operation()} is the job's operation view, from which
 * {@link dev.lropoller.model.Job#fromView} gives the job.
 */
public final class JobExpiredException extends OperationFailedException {
  private static final long serialVersionUID = 1L;

  /**
   * @param view the job's final snapshot as an operation view
   * @param status its {@code error}, or the one made for the EXPIRED state
   */
  public JobExpiredException(Operation view, RpcStatus status) {
    super(view, status, "job " + view.name() + " expired: " + status);
  }
}
