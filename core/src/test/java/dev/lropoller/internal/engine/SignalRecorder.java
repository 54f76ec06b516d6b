package dev.lropoller.internal.engine;

import java.util.ArrayList;
import java.util.List;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * A subscriber that keeps every signal it receives, in order, including those that arrive after
 * its own cancel (which a {@code BaseSubscriber} would drop or hide): a value as itself, an error
 * as the exception, a completion as {@link #COMPLETE}. It asks for nothing until told to.
 */
final class SignalRecorder<T> implements CoreSubscriber<T> {
  static final String COMPLETE = "complete";

  final List<Object> signals = new ArrayList<>();
  private Subscription subscription;

  @Override
  public void onSubscribe(Subscription s) {
    subscription = s;
  }

  void request(long n) {
    subscription.request(n);
  }

  void cancel() {
    subscription.cancel();
  }

  @Override
  public void onNext(T value) {
    signals.add(value);
  }

  @Override
  public void onError(Throwable t) {
    signals.add(t);
  }

  @Override
  public void onComplete() {
    signals.add(COMPLETE);
  }
}
