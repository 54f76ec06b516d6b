package dev.lropoller.internal.engine;

import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;

/**
 * The state of a {@link CallRun} and its transitions, each one atomic under the run's lock:
 * where the run is ({@link Phase}), the epoch of its current step, its one timer, the
 * subscription of the step in flight, and whether it holds an in-flight slot of the poller's
 * {@link Admission}. A timer, token or answer carries the epoch it was made for; a transition
 * asked for with an earlier epoch is refused. What happens next is the run's: this class only
 * says whether a step may happen, and gives back what a step leaves behind (a timer, a slot).
 *
 * <p>It is the run's base class rather than an object of its own, so that a waiting poll stays
 * one object.
 */
abstract class CallState extends Admission.Ticket {
  /** Returned instead of an epoch when the run has ended. */
  static final int ENDED = -1;

  /** Where a run is; each attempt moves WAITING, QUEUED, TOKEN, REQUEST, then WAITING again. */
  enum Phase {
    /** Subscribed, not yet requested. */
    IDLE,
    /** Waiting for a timer: the first delay, a retry delay, or the deadline. */
    WAITING,
    /** Waiting for an in-flight slot, the project's rate window or its cool-down. */
    QUEUED,
    /** Sent: waiting for the access token. */
    TOKEN,
    /** Sent: waiting for the request's answer. */
    REQUEST,
    /** Ended: completed, failed, cancelled or closed. No signal counts any more. */
    ENDED
  }

  // Guarded by this. Epochs count up from 0 and wrap only after 2^31 steps, which no run takes.
  private Phase phase = Phase.IDLE;
  private int epoch;
  private Disposable timer;
  private Subscription inner;
  private boolean sending;
  private boolean sendAgain;
  private boolean resend;
  private boolean resent;
  private long sentAt;
  /** Whether this run holds an in-flight slot of the poller's {@link Admission}. */
  private boolean holding;
  /**
   * The failure being retried, from the start of the wait before its retry until the retry is
   * sent: reported if the timeout comes first.
   */
  private Throwable retrying;

  /** The poller this run belongs to: its scheduler and its admission. */
  abstract PollingEngine engine();

  /** Ends the run with {@code error}, unless it has ended already. */
  abstract void fail(Throwable error);

  /** The first request: IDLE to WAITING. False if the run was requested or ended before. */
  final synchronized boolean begin() {
    if (phase != Phase.IDLE) {
      return false;
    }
    phase = Phase.WAITING;
    return true;
  }

  /**
   * Ends the run: cancels its timer and the step in flight, takes it out of the admission queue
   * and gives back its slot. False if it had ended already.
   */
  final boolean end() {
    Disposable t;
    Subscription s;
    synchronized (this) {
      if (phase == Phase.ENDED) {
        return false;
      }
      phase = Phase.ENDED;
      epoch++;
      t = timer;
      s = inner;
      timer = null;
      inner = null;
    }
    if (t != null) {
      t.dispose();
    }
    if (s != null) {
      s.cancel();
    }
    engine().admission().withdraw(this);
    releaseSlot();
    return true;
  }

  /** Ends a run whose attempt succeeded (and settled): false if it had ended already. */
  final synchronized boolean complete() {
    if (phase == Phase.ENDED) {
      return false;
    }
    phase = Phase.ENDED;
    return true;
  }

  /** Gives back the in-flight slot, if this run holds one. */
  final void releaseSlot() {
    synchronized (this) {
      if (!holding) {
        return;
      }
      holding = false;
    }
    engine().admission().release(this);
  }

  /**
   * A new wait for a timer, reporting {@code last} if it ends the run: its epoch, or
   * {@link #ENDED}.
   */
  final synchronized int await(Throwable last) {
    if (phase == Phase.ENDED) {
      return ENDED;
    }
    phase = Phase.WAITING;
    // Kept here rather than in the timer's task, so the task captures only the epoch.
    retrying = last;
    return ++epoch;
  }

  /**
   * Arms the one timer of epoch {@code e}: {@code task} runs after {@code nanos}. The timer is
   * kept unless its epoch is over already (it ran, or the run moved on). False, and the run
   * failed, if the scheduler refused the task.
   */
  final boolean arm(int e, long nanos, Runnable task) {
    Disposable d;
    try {
      d = engine().scheduler().schedule(task, nanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException rejected) {
      fail(rejected);
      return false;
    }
    Disposable old;
    synchronized (this) {
      if (epoch != e || phase == Phase.ENDED) {
        old = d;
      } else {
        // A timer still stored belongs to an earlier epoch (a queue wait that raced its
        // admission): it would only be ignored when it fires.
        old = timer;
        timer = d;
      }
    }
    if (old != null) {
      old.dispose();
    }
    return true;
  }

  /** The timer of epoch {@code e}, armed in phase {@code p}, fired: false if it is stale. */
  final synchronized boolean fired(int e, Phase p) {
    if (epoch != e || phase != p) {
      return false;
    }
    timer = null;
    return true;
  }

  /** The failure being retried, or {@code null}. */
  final synchronized Throwable retrying() {
    return retrying;
  }

  /**
   * Starts a send, or, while one is being sent, asks for another after it: true if the caller
   * sends now (then it calls {@link #sendAgain} after each send).
   */
  final synchronized boolean startSending() {
    if (sending) {
      sendAgain = true;
      return false;
    }
    sending = true;
    return true;
  }

  /** After a send: true if another was asked for meanwhile, else the sending is over. */
  final synchronized boolean sendAgain() {
    if (!sendAgain) {
      sending = false;
      return false;
    }
    sendAgain = false;
    return true;
  }

  /** The next attempt waits for admission: false if the run has ended. */
  final synchronized boolean queue() {
    if (phase == Phase.ENDED) {
      return false;
    }
    phase = Phase.QUEUED;
    return true;
  }

  /** The epoch of the wait in the admission queue, or {@link #ENDED} if it is over already. */
  final synchronized int queuedEpoch() {
    return phase == Phase.QUEUED ? epoch : ENDED;
  }

  /**
   * The admission gave this run a slot at once: true if it keeps it. False, and the slot given
   * back, if the run ended meanwhile.
   */
  final boolean hold() {
    boolean ended;
    synchronized (this) {
      ended = phase == Phase.ENDED;
      holding = !ended;
    }
    if (ended) {
      engine().admission().release(this);
    }
    return !ended;
  }

  /**
   * The admission gave this queued run a slot: true if it keeps it (the queue timer is
   * cancelled). False, and the slot given back, if the run is no longer waiting for it.
   */
  final boolean admit() {
    boolean waiting;
    Disposable t = null;
    synchronized (this) {
      waiting = phase == Phase.QUEUED;
      if (waiting) {
        holding = true;
        t = timer;
        timer = null;
      }
    }
    if (!waiting) {
      // Ended while the slot was on its way: give it back.
      engine().admission().release(this);
      return false;
    }
    if (t != null) {
      t.dispose();
    }
    return true;
  }

  /**
   * An attempt is sent at {@code now}: its epoch, with the token as its first step, or
   * {@link #ENDED}.
   */
  final synchronized int sent(long now) {
    if (phase == Phase.ENDED) {
      return ENDED;
    }
    phase = Phase.TOKEN;
    retrying = null;
    resent = resend;
    resend = false;
    sentAt = now;
    return ++epoch;
  }

  /** The next send is the re-send of an attempt refused with 401. */
  final synchronized void resendNext() {
    resend = true;
  }

  /** Whether the attempt in flight is the re-send of an attempt refused with 401. */
  final synchronized boolean resent() {
    return resent;
  }

  /** When the latest attempt was sent. */
  final synchronized long sentAt() {
    return sentAt;
  }

  /** The token of epoch {@code e} arrived: the request is next. False if it is stale. */
  final synchronized boolean tokenArrived(int e) {
    if (epoch != e || phase != Phase.TOKEN) {
      return false;
    }
    phase = Phase.REQUEST;
    inner = null;
    return true;
  }

  /**
   * The request timer of epoch {@code e} fired: cancels the step in flight and says which it
   * was, {@link Phase#TOKEN} or {@link Phase#REQUEST}; {@code null} if the timer is stale.
   */
  final Phase expire(int e) {
    Phase was;
    Subscription s;
    synchronized (this) {
      if (epoch != e || (phase != Phase.TOKEN && phase != Phase.REQUEST)) {
        return null;
      }
      was = phase;
      s = inner;
      inner = null;
      timer = null;
    }
    if (s != null) {
      s.cancel();
    }
    return was;
  }

  /**
   * Keeps {@code s}, the subscription of the step of epoch {@code e}, to cancel it with the run;
   * false, and {@code s} cancelled, if that step is over.
   */
  final boolean keepInner(int e, Subscription s) {
    synchronized (this) {
      if (epoch == e && phase != Phase.ENDED) {
        inner = s;
        return true;
      }
    }
    s.cancel();
    return false;
  }

  /**
   * Takes the end of the attempt of epoch {@code e}: cancels its timer and gives back its slot.
   * False if a timer or another signal came first.
   */
  final boolean settle(int e) {
    Disposable t;
    synchronized (this) {
      if (epoch != e || (phase != Phase.TOKEN && phase != Phase.REQUEST)) {
        return false;
      }
      epoch++;
      phase = Phase.WAITING;
      inner = null;
      t = timer;
      timer = null;
    }
    if (t != null) {
      t.dispose();
    }
    releaseSlot();
    return true;
  }
}
