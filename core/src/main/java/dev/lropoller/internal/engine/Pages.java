package dev.lropoller.internal.engine;

import dev.lropoller.model.Operation;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The operations of a list, page after page, as one loop: a page is fetched only when the
 * previous one has been emitted and downstream wants more. Each page's fetch is its own
 * {@link Call}; its answer re-enters the loop instead of nesting a new stream per page, so
 * 10,000 pages run in the same stack depth as one.
 */
final class Pages extends Flux<Operation> {
  private final Function<String, Mono<OperationsPage>> fetch;

  /** @param fetch fetches the page of a page token ({@code ""} for the first) */
  Pages(Function<String, Mono<OperationsPage>> fetch) {
    this.fetch = fetch;
  }

  @Override
  public void subscribe(CoreSubscriber<? super Operation> actual) {
    actual.onSubscribe(new Loop(actual));
  }

  private final class Loop implements Subscription {
    private final CoreSubscriber<? super Operation> actual;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();

    // Written by the page subscriber, read by the drain loop; the wip counter orders them.
    private volatile Iterator<Operation> current;
    private volatile String nextPageToken = "";
    private volatile boolean started;
    private volatile boolean fetching;
    private volatile boolean cancelled;
    private volatile Throwable error;
    private volatile PageSubscriber pageSubscriber;

    Loop(CoreSubscriber<? super Operation> actual) {
      this.actual = actual;
    }

    @Override
    public void request(long n) {
      if (Operators.validate(n)) {
        demand.getAndUpdate(d -> Operators.addCap(d, n));
        drain();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      PageSubscriber s = pageSubscriber;
      if (s != null) {
        s.cancel();
      }
    }

    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      for (;;) {
        if (cancelled) {
          return;
        }
        Throwable e = error;
        if (e != null) {
          cancelled = true;
          actual.onError(e);
          return;
        }
        if (!fetching) {
          Iterator<Operation> it = current;
          long r = demand.get();
          long emitted = 0;
          while (it != null && emitted != r && it.hasNext()) {
            actual.onNext(it.next());
            emitted++;
            if (cancelled) {
              return;
            }
          }
          if (emitted != 0 && r != Long.MAX_VALUE) {
            demand.addAndGet(-emitted);
          }
          boolean pageUsed = it == null || !it.hasNext();
          if (pageUsed && started && nextPageToken.isEmpty()) {
            cancelled = true;
            actual.onComplete();
            return;
          }
          if (pageUsed && demand.get() > 0) {
            String token = nextPageToken;
            started = true;
            fetching = true;
            current = null;
            PageSubscriber s = new PageSubscriber();
            pageSubscriber = s;
            fetch.apply(token).subscribe(s);
          }
        }
        missed = wip.addAndGet(-missed);
        if (missed == 0) {
          return;
        }
      }
    }

    /** Receives one page. */
    private final class PageSubscriber implements CoreSubscriber<OperationsPage> {
      private volatile Subscription upstream;
      private volatile boolean cancelledEarly;

      @Override
      public void onSubscribe(Subscription s) {
        upstream = s;
        if (cancelledEarly) {
          s.cancel();
        } else {
          s.request(Long.MAX_VALUE);
        }
      }

      void cancel() {
        cancelledEarly = true;
        Subscription s = upstream;
        if (s != null) {
          s.cancel();
        }
      }

      @Override
      public void onNext(OperationsPage page) {
        nextPageToken = page.nextPageToken();
        current = page.operations().iterator();
        fetching = false;
        drain();
      }

      @Override
      public void onError(Throwable t) {
        error = t;
        fetching = false;
        drain();
      }

      @Override
      public void onComplete() {
        // The page arrived in onNext; a Call never completes empty for a list page.
      }

      @Override
      public Context currentContext() {
        return actual.currentContext();
      }
    }
  }
}
