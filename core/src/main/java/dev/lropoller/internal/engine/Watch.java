package dev.lropoller.internal.engine;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import dev.lropoller.WatchOutcome;
import dev.lropoller.error.PollTimeoutException;
import dev.lropoller.error.PollerClosedException;
import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcStatus;
import java.time.Duration;
import java.util.List;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * What {@link OperationPoller#poll} returns: each subscription joins the shared loop of its
 * operation name and policy on this poller ({@link Shared}), or starts one when there is none or
 * the one there has ended.
 */
final class Watch extends Flux<Operation> {
  private final PollingEngine engine;
  private final String name;
  private final PollPolicy policy;

  Watch(PollingEngine engine, String name, PollPolicy policy) {
    this.engine = engine;
    this.name = name;
    this.policy = policy;
  }

  @Override
  public void subscribe(CoreSubscriber<? super Operation> actual) {
    Member member = new Member(actual);
    Shared loop = engine.join(name, policy, member, actual.currentContext());
    if (loop == null) {
      Operators.error(actual, new PollerClosedException(name));
      return;
    }
    member.loop = loop;
    actual.onSubscribe(member);
    loop.ready(member);
  }

  /**
   * One subscriber of a shared loop. Its fields are guarded by the loop's lock. It keeps only the
   * latest snapshot it has not had yet: a slow subscriber skips intermediate snapshots, never the
   * {@code done} one, and holds back no one.
   */
  static final class Member implements Subscription, Members {
    final CoreSubscriber<? super Operation> actual;
    Shared loop;
    long demand;
    Operation pending;
    Throwable error;
    boolean ready;
    boolean emitting;
    boolean terminated;

    Member(CoreSubscriber<? super Operation> actual) {
      this.actual = actual;
    }

    @Override
    public void request(long n) {
      if (Operators.validate(n)) {
        loop.request(this, n);
      }
    }

    @Override
    public void cancel() {
      loop.leave(this);
    }

    @Override
    public Members with(Member m) {
      return new Members.Several(this, m);
    }

    @Override
    public Members without(Member m) {
      return m == this ? null : this;
    }

    @Override
    public boolean contains(Member m) {
      return m == this;
    }

    @Override
    public boolean anyWants() {
      return demand > 0 && pending == null;
    }

    @Override
    public Member[] toArray() {
      return new Member[] {this};
    }
  }

  /**
   * One polling loop, shared by every concurrent subscriber of one name and policy: "wait, then
   * poll until a poll succeeds", while at least one member has demand. At most one poll is
   * pending at a time. Ends after a {@code done} snapshot, after the last allowed attempt, with
   * the first non-retryable error (sent to every member), when its last member cancels, or when
   * the poller closes. Its budget (timeout, attempts) is the loop's, counted from its start.
   *
   * <p>It is also the subscriber of its one pending poll (a {@link Call}): a poll's signals
   * count only while the loop has not finished, and it cancels that poll when it ends early.
   */
  static final class Shared implements PollingEngine.Active, CoreSubscriber<Operation>, Loops {
    private static final Member[] NONE = new Member[0];

    private final PollingEngine engine;
    private final Budget budget;
    private final Context context;

    // Guarded by this; signals are sent outside the lock.
    /** The members, {@code null} for none. */
    private Members members;
    private Operation latest;
    /** The pending poll's subscription, once it has one. */
    private Subscription poll;
    private boolean polling;
    private boolean finished;
    private boolean first = true;

    Shared(PollingEngine engine, Budget budget, Context context) {
      this.engine = engine;
      this.budget = budget;
      this.context = context;
    }

    String name() {
      return budget.name();
    }

    PollPolicy policy() {
      return budget.policy();
    }

    // As the registry's entry for its name: a loop is the set of itself.

    @Override
    public Shared find(PollPolicy p) {
      return policy().equals(p) ? this : null;
    }

    @Override
    public Loops with(Shared fresh) {
      return fresh.policy().equals(policy()) ? fresh : new Loops.Several(List.of(this, fresh));
    }

    @Override
    public Loops without(Shared loop) {
      return loop == this ? null : this;
    }

    @Override
    public List<Shared> loops() {
      return List.of(this);
    }

    /** Adds {@code m} unless this loop has ended; it will see the latest snapshot first. */
    synchronized boolean tryJoin(Member m) {
      if (finished) {
        return false;
      }
      members = members == null ? m : members.with(m);
      m.pending = latest;
      return true;
    }

    /** The members as an array; guarded by this. */
    private Member[] all() {
      return members == null ? NONE : members.toArray();
    }

    /** The member has had onSubscribe: signals may follow. */
    void ready(Member m) {
      synchronized (this) {
        m.ready = true;
      }
      drain(m);
    }

    void request(Member m, long n) {
      synchronized (this) {
        m.demand = Operators.addCap(m.demand, n);
      }
      drain(m);
      pollIfWanted();
    }

    void leave(Member m) {
      Subscription p;
      synchronized (this) {
        if (m.terminated) {
          return;
        }
        m.terminated = true;
        m.pending = null;
        if (members == null || !members.contains(m)) {
          return;
        }
        members = members.without(m);
        if (members != null || finished) {
          return;
        }
        finished = true;
        p = poll;
        poll = null;
      }
      if (p != null) {
        p.cancel();
      }
      ended(WatchOutcome.UNSUBSCRIBED);
    }

    @Override
    public void pollerClosed() {
      Subscription p;
      synchronized (this) {
        if (finished) {
          return;
        }
        finished = true;
        p = poll;
        poll = null;
      }
      if (p != null) {
        p.cancel();
      }
      ended(WatchOutcome.CLOSED);
      failAll(new PollerClosedException(name()));
    }

    /** Starts the next poll if none is pending and a member wants a snapshot. */
    void pollIfWanted() {
      Duration delay;
      synchronized (this) {
        if (polling || finished || !wanted()) {
          return;
        }
        polling = true;
        if (first) {
          first = false;
          delay = engine.firstDelay(budget.policy());
        } else {
          delay = budget.nextDelay(null);
        }
      }
      engine.fetch(budget, delay, false).subscribe(this);
    }

    /** The next poll: kept for cancelling, then started. */
    @Override
    public void onSubscribe(Subscription s) {
      synchronized (this) {
        if (finished) {
          s.cancel();
          return;
        }
        // Stored before the request: a poll may answer synchronously and start the next one.
        poll = s;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Operation op) {
      onSnapshot(op);
    }

    @Override
    public void onError(Throwable e) {
      onFailure(e);
    }

    @Override
    public void onComplete() {
      // A poll's value comes with onNext; its completion adds nothing.
    }

    @Override
    public Context currentContext() {
      return context;
    }

    private boolean wanted() {
      return members != null && members.anyWants();
    }

    private void onSnapshot(Operation op) {
      boolean firstSnapshot;
      synchronized (this) {
        if (finished) {
          return;
        }
        firstSnapshot = latest == null;
      }
      if (firstSnapshot && !op.done()) {
        budget.resumeAt(op);
      }
      budget.seen(op);
      boolean last = op.done() || budget.attemptsSpent();
      Member[] all;
      synchronized (this) {
        if (finished) {
          return;
        }
        latest = op;
        polling = false;
        poll = null;
        finished = last;
        all = all();
        for (Member m : all) {
          if (!m.terminated) {
            m.pending = op;
          }
        }
      }
      if (op.done()) {
        RpcStatus error = op.error().orElse(null);
        ended(Failures.doneOutcome(error));
        for (Member m : all) {
          drain(m);
        }
      } else if (last) {
        PollTimeoutException spent = budget.spent("all " + budget.attempts() + " attempts used",
            null);
        engine.gaveUp(spent);
        ended(WatchOutcome.TIMEOUT);
        failAll(spent);
      } else {
        for (Member m : all) {
          drain(m);
        }
        pollIfWanted();
      }
    }

    private void onFailure(Throwable e) {
      synchronized (this) {
        if (finished) {
          // The loop ended first (its last member cancelled, or the poller closed) and had
          // cancelled this poll: the error is expected, not one to report through onErrorDropped.
          return;
        }
        finished = true;
        poll = null;
      }
      Throwable error = Failures.typed(name(), e);
      engine.gaveUp(error);
      ended(Failures.watchOutcome(error));
      failAll(error);
    }

    private void failAll(Throwable error) {
      Member[] all;
      synchronized (this) {
        all = all();
        for (Member m : all) {
          if (m.error == null) {
            m.error = error;
          }
        }
      }
      for (Member m : all) {
        drain(m);
      }
    }

    private void ended(WatchOutcome outcome) {
      engine.leaveShared(this);
      engine.watchEnded(name(), outcome, budget.elapsed(), budget.attempts());
    }

    /**
     * Sends {@code m} what it is owed: its pending snapshot when it has demand (then completion
     * after a {@code done} one), or its error. One thread at a time per member; another thread
     * that finds it busy leaves its change in the state, which the busy thread reads again.
     */
    private void drain(Member m) {
      synchronized (this) {
        if (m.emitting || !m.ready || m.terminated) {
          return;
        }
        m.emitting = true;
      }
      boolean delivered = false;
      for (;;) {
        Operation op = null;
        Throwable error = null;
        synchronized (this) {
          if (m.terminated) {
            m.emitting = false;
            return;
          }
          if (m.pending != null && m.demand > 0) {
            op = m.pending;
            m.pending = null;
            if (m.demand != Long.MAX_VALUE) {
              m.demand--;
            }
            m.terminated = op.done();
          } else if (m.error != null && (m.pending == null || !m.pending.done())) {
            error = m.error;
            m.pending = null;
            m.terminated = true;
          } else {
            m.emitting = false;
            break;
          }
        }
        if (op == null) {
          m.actual.onError(error);
          return;
        }
        m.actual.onNext(op);
        if (op.done()) {
          m.actual.onComplete();
          return;
        }
        delivered = true;
      }
      if (delivered) {
        // The member's demand may now call for the next poll, which its pending snapshot held off.
        pollIfWanted();
      }
    }
  }
}
