package dev.lropoller;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Defers work from subscription to the first request. Operators such as {@code concatMap},
 * {@code concatWith} and {@code flatMapMany} subscribe to a source as soon as they get to it,
 * demand or not, and an HTTP client sends on subscription. Behind this gate nothing is sent
 * before downstream asks for it.
 */
final class OnDemand<T> extends Flux<T> {
  private final Supplier<? extends Publisher<T>> work;

  private OnDemand(Supplier<? extends Publisher<T>> work) {
    this.work = work;
  }

  static <T> Flux<T> flux(Supplier<? extends Publisher<T>> work) {
    return new OnDemand<>(work);
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    actual.onSubscribe(new Gate<>(actual, work));
  }

  /** Subscribes to the work on the first request; later requests and cancel pass through. */
  private static final class Gate<T> extends Operators.DeferredSubscription
      implements CoreSubscriber<T> {
    private final CoreSubscriber<? super T> actual;
    private final Supplier<? extends Publisher<T>> work;
    private final AtomicBoolean started = new AtomicBoolean();

    Gate(CoreSubscriber<? super T> actual, Supplier<? extends Publisher<T>> work) {
      this.actual = actual;
      this.work = work;
    }

    @Override
    public void request(long n) {
      if (Operators.validate(n) && !isCancelled() && started.compareAndSet(false, true)) {
        Publisher<T> source;
        try {
          source = work.get();
        } catch (Throwable e) {
          actual.onError(Operators.onOperatorError(e, actual.currentContext()));
          return;
        }
        source.subscribe(this);
      }
      super.request(n);
    }

    @Override
    public void onSubscribe(Subscription s) {
      set(s);
    }

    @Override
    public void onNext(T t) {
      actual.onNext(t);
    }

    @Override
    public void onError(Throwable t) {
      actual.onError(t);
    }

    @Override
    public void onComplete() {
      actual.onComplete();
    }

    @Override
    public Context currentContext() {
      return actual.currentContext();
    }
  }
}
