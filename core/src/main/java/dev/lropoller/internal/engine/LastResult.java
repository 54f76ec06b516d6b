package dev.lropoller.internal.engine;

import dev.lropoller.OperationPoller;
import dev.lropoller.error.OperationCancelledException;
import dev.lropoller.error.OperationFailedException;
import dev.lropoller.model.Operation;
import dev.lropoller.model.ResponseType;
import dev.lropoller.model.RpcStatus;
import java.util.NoSuchElementException;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * What {@link OperationPoller#result} returns: the last snapshot of a watch, judged. An error
 * in it ends with {@link OperationCancelledException} or {@link OperationFailedException};
 * otherwise its response is read as {@code T} (empty when the type has no value). One
 * subscriber object per subscription, in place of {@code last()} plus {@code handle()}, since
 * it lives as long as the watch waits.
 *
 * @param <T> the result type
 */
final class LastResult<T> extends Mono<T> {
  private final Flux<Operation> snapshots;
  private final ResponseType<T> type;

  LastResult(Flux<Operation> snapshots, ResponseType<T> type) {
    this.snapshots = snapshots;
    this.type = type;
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    snapshots.subscribe(new Judge<>(actual, type));
  }

  /** Keeps the latest snapshot; judges it when the watch completes. */
  private static final class Judge<T> extends Operators.MonoSubscriber<Operation, T> {
    private final ResponseType<T> type;
    private Subscription s;
    private Operation last;
    private boolean done;

    Judge(CoreSubscriber<? super T> actual, ResponseType<T> type) {
      super(actual);
      this.type = type;
    }

    @Override
    public void onSubscribe(Subscription s) {
      if (Operators.validate(this.s, s)) {
        this.s = s;
        actual.onSubscribe(this);
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(Operation op) {
      if (done) {
        Operators.onNextDropped(op, actual.currentContext());
        return;
      }
      last = op;
    }

    @Override
    public void onError(Throwable e) {
      if (done) {
        Operators.onErrorDropped(e, actual.currentContext());
        return;
      }
      done = true;
      last = null;
      actual.onError(e);
    }

    @Override
    public void onComplete() {
      if (done) {
        return;
      }
      done = true;
      Operation op = last;
      last = null;
      if (op == null) {
        actual.onError(new NoSuchElementException("the watch completed without a snapshot"));
        return;
      }
      RpcStatus error = op.error().orElse(null);
      if (error != null) {
        actual.onError(Failures.operationError(op, error));
        return;
      }
      T value;
      try {
        value = type.read(op);
      } catch (RuntimeException e) {
        actual.onError(e);
        return;
      }
      if (value == null) {
        actual.onComplete();
      } else {
        complete(value);
      }
    }

    @Override
    public void cancel() {
      super.cancel();
      s.cancel();
    }
  }
}
