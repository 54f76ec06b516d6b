package dev.lropoller.internal.engine;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * A source that ignores cancel, as a transport or token source that does not honour it: the test
 * signals its subscriber whenever it likes, cancelled or not, and reads what it was asked for.
 */
final class DeafMono<T> extends Mono<T> {
  private CoreSubscriber<? super T> subscriber;
  long requested;
  boolean cancelled;

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    subscriber = actual;
    actual.onSubscribe(new Subscription() {
      @Override
      public void request(long n) {
        requested += n;
      }

      @Override
      public void cancel() {
        cancelled = true;
      }
    });
  }

  boolean subscribed() {
    return subscriber != null;
  }

  void emit(T value) {
    subscriber.onNext(value);
    subscriber.onComplete();
  }

  void fail(Throwable t) {
    subscriber.onError(t);
  }
}
