package dev.lropoller;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The request timeouts of one engine, as a first-in first-out queue of deadlines with one timer
 * for its head, instead of one scheduler timer per request.
 *
 * <p>Why: at 100,000 watches the scheduler's delay queue holds one task per waiting poll, and a
 * per-request timer added a second insertion into that heap (and a removal when the answer
 * came) for every request. Requests of one poller mostly share one timeout, so the order they
 * are sent in is the order their deadlines fall in: appending to a queue and arming one timer
 * for the earliest is enough.
 *
 * <p>A deadline earlier than the last one queued (a timeout cut to what is left of a budget, a
 * watch with a shorter request timeout, two threads racing) gets its own scheduler timer, as
 * before. A timeout that is no longer needed is marked settled and dropped when it reaches the
 * head; the queue's timer is cancelled as soon as nothing live is left in it, so a quiet or
 * closed poller has no timer pending. Deadlines fire at the same scheduler instant as a timer
 * of their own would: {@code sentAt + timeout} on the scheduler's clock.
 */
final class RequestTimeouts {
  /** What a timeout ends: one attempt of a call. */
  interface Target {
    /** The attempt of {@code epoch} did not end within its timeout. */
    void requestTimedOut(int epoch);
  }

  private final Scheduler scheduler;

  // Guarded by this.
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  /** Whether a timer for the head is scheduled (or being scheduled) under {@link #generation}. */
  private boolean armed;
  /** Counts arm and disarm steps, so a timer of an earlier step does nothing when it runs. */
  private int generation;
  /** The deadline the armed timer is for. */
  private long armedFor;
  /** The head's timer, once {@link Scheduler#schedule} returned it; null while being armed. */
  private Disposable timer;

  RequestTimeouts(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Starts the timeout of one attempt: {@code target.requestTimedOut(epoch)} runs at
   * {@code sentAt + timeoutNanos} on the scheduler's clock unless the returned handle is
   * disposed first.
   *
   * @throws java.util.concurrent.RejectedExecutionException if the scheduler refuses the timer
   */
  Disposable start(Target target, int epoch, long sentAt, long timeoutNanos) {
    long deadline = sentAt + timeoutNanos;
    if (deadline < sentAt) {
      // Overflow: a timeout that never comes in practice, on a timer of its own.
      return own(target, epoch, timeoutNanos);
    }
    Entry e = new Entry(this, target, epoch, deadline);
    int arm;
    long delay;
    synchronized (this) {
      dropSettledHead();
      Entry last = queue.peekLast();
      if (last != null && deadline < last.deadline) {
        arm = -1;
        delay = 0;
      } else {
        queue.addLast(e);
        if (armed) {
          return e;
        }
        armed = true;
        arm = ++generation;
        armedFor = queue.peekFirst().deadline;
        // From the send instant, as a timer of its own scheduled now would be.
        delay = Math.max(0, armedFor - sentAt);
      }
    }
    if (arm < 0) {
      return own(target, epoch, timeoutNanos);
    }
    try {
      arm(arm, delay);
    } catch (RuntimeException rejected) {
      synchronized (this) {
        queue.remove(e);
        if (generation == arm) {
          armed = false;
          generation++;
        }
      }
      throw rejected;
    }
    return e;
  }

  private Disposable own(Target target, int epoch, long timeoutNanos) {
    return scheduler.schedule(
        () -> target.requestTimedOut(epoch), timeoutNanos, TimeUnit.NANOSECONDS);
  }

  /** Schedules the head's timer for generation {@code gen}; never called holding the lock. */
  private void arm(int gen, long delay) {
    Disposable d = scheduler.schedule(() -> fire(gen), delay, TimeUnit.NANOSECONDS);
    synchronized (this) {
      if (armed && generation == gen && timer == null) {
        timer = d;
        return;
      }
    }
    // Disarmed, or run already (a virtual-time scheduler runs a due task at once): not needed.
    d.dispose();
  }

  /** The head's timer: ends every live attempt that is due and arms the timer for the next. */
  private void fire(int gen) {
    List<Entry> due = null;
    int next = -1;
    long delay = 0;
    long clock = scheduler.now(TimeUnit.NANOSECONDS);
    synchronized (this) {
      if (!armed || generation != gen) {
        return;
      }
      // The timer ran, so its deadline has come, whatever the clock reads: a clock read a little
      // behind (millisecond clocks) or set back does not hold the head back, and the next
      // deadline is measured from this one.
      long now = Math.max(clock, armedFor);
      armed = false;
      timer = null;
      generation++;
      for (Entry e = queue.peekFirst(); e != null; e = queue.peekFirst()) {
        if (e.target != null && e.deadline > now) {
          break;
        }
        queue.pollFirst();
        if (e.target != null) {
          if (due == null) {
            due = new ArrayList<>();
          }
          due.add(e);
        }
      }
      Entry first = queue.peekFirst();
      if (first != null) {
        armed = true;
        next = ++generation;
        armedFor = first.deadline;
        delay = first.deadline - now;
      }
    }
    RuntimeException failure = null;
    if (next >= 0) {
      try {
        arm(next, delay);
      } catch (RuntimeException rejected) {
        // The scheduler shut down: what is queued cannot time out from here on.
        synchronized (this) {
          if (generation == next) {
            armed = false;
            generation++;
          }
        }
        failure = rejected;
      }
    }
    if (due != null) {
      // One failing target must not keep the others from their timeout.
      for (Entry e : due) {
        try {
          e.expire();
        } catch (RuntimeException t) {
          if (failure == null) {
            failure = t;
          }
        }
      }
    }
    if (failure != null) {
      // Reported by the scheduler, as a throwing timer of its own would be.
      throw failure;
    }
  }

  /** Drops settled entries at the head; holding the lock. */
  private void dropSettledHead() {
    for (Entry e = queue.peekFirst(); e != null && e.target == null; e = queue.peekFirst()) {
      queue.pollFirst();
    }
  }

  /** An entry was settled: if it was the head, drop it and those settled behind it. */
  private void settled(Entry e) {
    Disposable t = null;
    synchronized (this) {
      if (queue.peekFirst() != e) {
        return;
      }
      dropSettledHead();
      if (!queue.isEmpty() || !armed) {
        return;
      }
      // Nothing live is left: no timer may stay pending for it.
      armed = false;
      generation++;
      t = timer;
      timer = null;
    }
    if (t != null) {
      t.dispose();
    }
  }

  /** How many entries are queued, settled ones not yet dropped included; for tests. */
  synchronized int size() {
    return queue.size();
  }

  /** One attempt's timeout in the queue; disposing it settles it. */
  private static final class Entry implements Disposable {
    private final RequestTimeouts owner;
    private final long deadline;
    private final int epoch;
    /** The attempt's owner until settled or expired; then null, so it is not kept alive. */
    private volatile Target target;

    Entry(RequestTimeouts owner, Target target, int epoch, long deadline) {
      this.owner = owner;
      this.target = target;
      this.epoch = epoch;
      this.deadline = deadline;
    }

    void expire() {
      Target t = target;
      target = null;
      if (t != null) {
        t.requestTimedOut(epoch);
      }
    }

    @Override
    public void dispose() {
      if (target == null) {
        return;
      }
      target = null;
      owner.settled(this);
    }

    @Override
    public boolean isDisposed() {
      return target == null;
    }
  }
}
