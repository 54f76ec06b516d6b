package dev.lropoller.internal.engine;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The order of one lane's queue once a ticket of an aiming watch has waited in it: the slot goes
 * to the request whose run is most likely to have ended, within a fairness bound. Guarded by the
 * {@link Admission}, like the lane.
 *
 * <p><b>The rule.</b> Each ticket comes with a key, the end its watch's aim last estimated
 * (epoch millis, the value the listener's {@code endEstimated} reported, or the time it was
 * queued while its watch has no estimate), and a bound. A ticket
 * that has waited its bound is <i>overdue</i>. The next ticket is the overdue one with the
 * earliest deadline (queued time plus bound), oldest first; when none is overdue, the one with
 * the earliest key, so the run expected to end first goes first (ties: oldest first). A ticket
 * of an aiming watch has the aiming's maximum interval as its bound. A ticket of a watch that
 * does not aim has no key ({@link #NO_ESTIMATE}) and bound zero: it is overdue at once, so such
 * tickets keep their FIFO order among themselves, and one queued at {@code q} goes ahead of an
 * aimed ticket unless that one was queued before {@code q} minus its bound.
 *
 * <p><b>The bound.</b> A ticket that has waited its bound {@code B} can only be passed by tickets
 * with an earlier deadline, which were all queued before it (for equal bounds) and were waiting
 * then. So it waits at most {@code B} plus the time the lane takes to send those still waiting
 * at {@code B}, whatever the estimates; a flood of tickets with early keys cannot hold it longer.
 *
 * <p>Entries are dropped lazily: a ticket served from one heap, withdrawn, or queued again for a
 * later attempt leaves a stale entry behind, skipped when it comes up.
 */
final class LikelyFirst {
  /** The key of a ticket whose watch does not aim: after every estimate. */
  static final long NO_ESTIMATE = Long.MAX_VALUE;

  /** The longest wait of a ticket served by any likely-first lane of a poller; for tests. */
  static final class Waits {
    private long longestNanos;

    /** The longest wait so far, in nanoseconds; 0 before any. */
    synchronized long longestNanos() {
      return longestNanos;
    }

    private synchronized void served(long waitedNanos) {
      if (waitedNanos > longestNanos) {
        longestNanos = waitedNanos;
      }
    }
  }

  /** One queueing of a ticket. */
  private static final class Entry {
    final Admission.Ticket ticket;
    final long key;
    final long queuedAt;
    final long deadline;
    final long seq;

    Entry(Admission.Ticket ticket, long key, long queuedAt, long deadline, long seq) {
      this.ticket = ticket;
      this.key = key;
      this.queuedAt = queuedAt;
      this.deadline = deadline;
      this.seq = seq;
    }
  }

  private final Waits waits;

  private final PriorityQueue<Entry> byDeadline = new PriorityQueue<>((a, b) -> {
    int c = Long.compare(a.deadline, b.deadline);
    return c != 0 ? c : Long.compare(a.seq, b.seq);
  });
  private final PriorityQueue<Entry> byKey = new PriorityQueue<>((a, b) -> {
    int c = Long.compare(a.key, b.key);
    return c != 0 ? c : Long.compare(a.seq, b.seq);
  });
  /** Each queued ticket's current entry; any other entry of it is stale. */
  private final Map<Admission.Ticket, Entry> current = new IdentityHashMap<>();
  private long seq;

  LikelyFirst(Waits waits) {
    this.waits = waits;
  }

  /**
   * Queues {@code t} at {@code now} with its estimated end {@code key} and fairness bound
   * {@code boundNanos}.
   */
  void add(Admission.Ticket t, long key, long boundNanos, long now) {
    long deadline = now + boundNanos < now ? Long.MAX_VALUE : now + boundNanos;
    Entry e = new Entry(t, key, now, deadline, seq++);
    current.put(t, e);
    byDeadline.add(e);
    byKey.add(e);
  }

  /**
   * Takes out the ticket whose turn it is at {@code now}, by the rule above; null when no ticket
   * is waiting. Tickets no longer queued are dropped on the way.
   */
  Admission.Ticket poll(long now) {
    Entry due = head(byDeadline);
    if (due == null) {
      return null;
    }
    Entry e = due.deadline <= now ? due : head(byKey);
    current.remove(e.ticket);
    waits.served(now - e.queuedAt);
    return e.ticket;
  }

  /** Whether no ticket waits here, not counting withdrawn ones not yet dropped. */
  boolean isEmpty() {
    return current.isEmpty();
  }

  /** The first live entry of {@code heap}, stale ones dropped; null when none is left. */
  private Entry head(PriorityQueue<Entry> heap) {
    for (Entry e = heap.peek(); e != null; e = heap.peek()) {
      if (current.get(e.ticket) == e && Admission.queued(e.ticket)) {
        return e;
      }
      heap.poll();
      if (current.get(e.ticket) == e) {
        current.remove(e.ticket);
      }
    }
    return null;
  }
}
