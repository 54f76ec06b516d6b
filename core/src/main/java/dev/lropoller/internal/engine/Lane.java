package dev.lropoller.internal.engine;

import java.util.ArrayDeque;
import reactor.core.Disposable;

/**
 * One key's (project's, or project and location's) budget and queue in an {@link Admission}: its
 * FIFO queue and, once an aiming watch waits, its {@link LikelyFirst} order; the ring of its
 * sends of the last window; its cool-down, turn and timer; and, with a {@link BudgetPort}, its
 * {@link PortLane}. Guarded by the admission's lock; only the admission changes it.
 */
final class Lane {
  final String project;
  final ArrayDeque<Admission.Ticket> queue = new ArrayDeque<>();
  /**
   * The order of this lane's later tickets, from the first ticket of an aiming watch on (then
   * {@link #queue} only drains the tickets queued before it); null while all are FIFO.
   */
  private LikelyFirst likely;
  private final long[] sends;
  private int next;
  private int count;
  long coolUntil = Long.MIN_VALUE;
  boolean inTurn;
  Disposable timer;
  long timerAt;
  /** Requests of this project holding an in-flight slot. */
  int inFlight;
  /** When the latest request of this project ended. */
  private long lastEnded = Long.MIN_VALUE;
  /** The port's state when a {@link BudgetPort} decides this lane's rate; else null. */
  final PortLane port;

  /** With a {@code port}, a limited lane asks it, and its ring is the degraded fallback. */
  Lane(String project, int perMinute, BudgetPort port) {
    this.project = project;
    boolean asks = port != null && perMinute != Admission.UNLIMITED;
    this.port = asks ? new PortLane(perMinute) : null;
    int ring = asks ? port.fallback(perMinute) : perMinute;
    this.sends = perMinute == Admission.UNLIMITED ? null : new long[ring];
  }

  /** Whether this lane sends only with a slot the port granted, now. */
  boolean asks(long now) {
    return port != null && !port.local(now);
  }

  /**
   * When this project may send next: now, later, or {@link Admission#PENDING} while the oldest ring
   * slot's request is still in flight (its end re-offers the lane).
   */
  long allowedAt(long now) {
    long at = Math.max(now, coolUntil);
    if (asks(now)) {
      long asked = port.allowedAt(at);
      return port.ringBinds(now) ? Math.max(asked, Math.min(ringAt(at), port.ringUntil())) : asked;
    }
    at = ringAt(at);
    return port == null ? at : port.localAt(at);
  }

  /**
   * Whether a grant of the port may be used now: not while the ring binds after a restore and
   * has no free slot (the probe's own grant, asked while the lane was degraded, then goes unused).
   */
  boolean mayUseGrant(long now) {
    return !port.ringBinds(now) || ringAt(now) <= now;
  }

  /**
   * When the ring lets a request go, from {@code at}: once its oldest slot ended a window ago, or
   * {@link Admission#PENDING} while that slot's request is in flight.
   */
  private long ringAt(long at) {
    if (sends == null || count < sends.length) {
      return at;
    }
    long ended = sends[next];
    return ended == Admission.PENDING ? Admission.PENDING : Math.max(at, ended + Admission.WINDOW);
  }

  /**
   * Nothing waits, nothing is in flight, no cool-down and no send in the last window. A lane
   * with a queue is always in turn or on its timer, and its next turn drops withdrawn tickets,
   * so a queue here keeps the lane rather than being cleaned by the sweep.
   */
  boolean idle(long now) {
    if (inFlight > 0 || inTurn || timer != null || coolUntil > now || !empty()) {
      return false;
    }
    // Nothing in flight, so every ring slot holds an end time.
    return sends == null || count == 0 || now - lastEnded >= Admission.WINDOW;
  }

  /** Whether no ticket waits (withdrawn ones not yet dropped count as waiting). */
  boolean empty() {
    return queue.isEmpty() && (likely == null || likely.isEmpty());
  }

  /** Queues {@code t} at {@code now}: FIFO, or by {@link LikelyFirst} once it is in use. */
  void add(Admission.Ticket t, long now, LikelyFirst.Waits waits) {
    long bound = t.orderBoundNanos();
    if (likely == null && bound < 0) {
      queue.add(t);
      return;
    }
    if (likely == null) {
      likely = new LikelyFirst(waits);
    }
    likely.add(t, t.orderKey(), Math.max(0, bound), now);
  }

  /**
   * Takes out the next ticket still queued, withdrawn ones dropped: the FIFO queue's first
   * (older than any ordered ticket), then {@link LikelyFirst}'s choice; null when none is left.
   */
  Admission.Ticket next(long now) {
    Admission.Ticket t;
    do {
      t = queue.poll();
    } while (t != null && !Admission.queued(t));
    return t != null || likely == null ? t : likely.poll(now);
  }

  /** Takes the next ring slot for a request sent now; -1 without a rate limit. */
  int sent() {
    if (sends == null) {
      return -1;
    }
    int slot = next;
    sends[slot] = Admission.PENDING;
    next = next + 1 == sends.length ? 0 : next + 1;
    if (count < sends.length) {
      count++;
    }
    return slot;
  }

  /**
   * Records in the ring a send the port granted, so that the fallback share counts it should the
   * lane degrade within a window: the ring then holds this replica's latest sends whoever decided
   * them. Records nothing when the oldest slot's request is still in flight (its slot is not
   * reused under it); a degraded lane then waits for that request's end anyway.
   *
   * @return the ring slot taken, or -1
   */
  int sentGranted() {
    if (sends == null || (count == sends.length && sends[next] == Admission.PENDING)) {
      return -1;
    }
    return sent();
  }

  /** The request in ring slot {@code slot} ended at {@code now}. */
  void ended(int slot, long now) {
    if (slot >= 0) {
      sends[slot] = now;
    }
    if (now > lastEnded) {
      lastEnded = now;
    }
  }
}
