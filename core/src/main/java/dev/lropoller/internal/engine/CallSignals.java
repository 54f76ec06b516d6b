package dev.lropoller.internal.engine;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.TransportException;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.util.context.Context;

/**
 * The subscribers of one attempt of a {@link CallRun}: each passes its signals on with the
 * attempt's epoch, so the run ignores those of an attempt it has given up.
 */
final class CallSignals {
  private CallSignals() {}

  /** Receives the token of one attempt. */
  static final class TokenSubscriber implements CoreSubscriber<AccessToken> {
    private final CallRun<?> run;
    private final int e;
    private boolean got;

    TokenSubscriber(CallRun<?> run, int e) {
      this.run = run;
      this.e = e;
    }

    @Override
    public void onSubscribe(Subscription s) {
      if (run.keepInner(e, s)) {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(AccessToken token) {
      if (got) {
        return;
      }
      got = true;
      run.onToken(e, token);
    }

    @Override
    public void onError(Throwable t) {
      run.failed(e, t, null);
    }

    @Override
    public void onComplete() {
      if (!got) {
        run.failed(e, run.noToken(), null);
      }
    }

    @Override
    public Context currentContext() {
      return run.actual.currentContext();
    }
  }

  /** Receives the answer of one attempt's request. */
  static final class RequestSubscriber<T> implements CoreSubscriber<T> {
    private final CallRun<T> run;
    private final int e;
    private final AccessToken token;
    private T value;

    RequestSubscriber(CallRun<T> run, int e, AccessToken token) {
      this.run = run;
      this.e = e;
      this.token = token;
    }

    @Override
    public void onSubscribe(Subscription s) {
      if (run.keepInner(e, s)) {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(T t) {
      // A Mono's value is its answer: settle now rather than on the completion after it.
      if (value == null) {
        value = t;
        run.succeeded(e, t);
      }
    }

    @Override
    public void onError(Throwable t) {
      run.failed(e, t, token);
    }

    @Override
    public void onComplete() {
      if (value != null) {
        return;
      }
      if (run.kind.emptyIsSuccess) {
        run.succeeded(e, null);
      } else {
        run.failed(e, TransportException.transientFailure("the request for " + run.budget.name()
            + " completed without a value", null), token);
      }
    }

    @Override
    public Context currentContext() {
      return run.actual.currentContext();
    }
  }
}
