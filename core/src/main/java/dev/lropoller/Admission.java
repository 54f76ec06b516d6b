package dev.lropoller;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The poller's request budgets, checked before every request leaves, whatever the transport:
 * at most {@code maxInFlight} requests in flight for the whole poller, at most
 * {@code maxRequestsPerMinute} sends per project in any 60-second window, and no send to a
 * project during its cool-down after a 429 or {@code RESOURCE_EXHAUSTED}.
 *
 * <p>A request that may not leave yet waits in its project's FIFO queue, holding no thread;
 * projects whose head may send take turns for free in-flight slots (round robin), so a project
 * under its limit is never slowed by one that is not. Within a project, with a rate of {@code R}
 * per minute and no cool-down, the request at queue position {@code k} (1 = head) is sent at most
 * {@code ceil(k / R)} minutes after it was queued, given free in-flight slots; cool-downs add
 * their length.
 *
 * <p>The per-project window is a ring of the last {@code R} send times: a send is allowed when
 * the oldest of them is at least 60 s old, so every half-open 60-second window holds at most
 * {@code R} sends. Lanes (one per project seen) live as long as the poller.
 */
final class Admission {
  /** No limit. */
  static final int UNLIMITED = Integer.MAX_VALUE;

  private static final long WINDOW = TimeUnit.MINUTES.toNanos(1);

  /** A request that waits for its turn; {@link #admitted} runs when it may leave. */
  abstract static class Ticket {
    // Guarded by the Admission.
    private boolean queued;

    /** The request may leave now; it holds an in-flight slot until {@link #release}. */
    abstract void admitted();
  }

  /** One project's budget and queue. */
  static final class Lane {
    final String project;
    private final ArrayDeque<Ticket> queue = new ArrayDeque<>();
    private final long[] sends;
    private int next;
    private int count;
    private long coolUntil = Long.MIN_VALUE;
    private boolean inTurn;
    private Disposable timer;
    private long timerAt;

    Lane(String project, int perMinute) {
      this.project = project;
      this.sends = perMinute == UNLIMITED ? null : new long[perMinute];
    }

    /** When this project may send next: now or later. */
    private long allowedAt(long now) {
      long at = Math.max(now, coolUntil);
      if (sends != null && count == sends.length) {
        at = Math.max(at, sends[next] + WINDOW);
      }
      return at;
    }

    private void sent(long now) {
      if (sends != null) {
        sends[next] = now;
        next = next + 1 == sends.length ? 0 : next + 1;
        if (count < sends.length) {
          count++;
        }
      }
    }
  }

  private final int maxInFlight;
  private final int perMinute;
  private final Map<String, Integer> perProject;
  private final Scheduler clock;
  private final PollingEngine engine;
  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

  // Guarded by this.
  private final ArrayDeque<Lane> turns = new ArrayDeque<>();
  private int inFlight;
  private int maxSeen;
  private boolean pumping;

  Admission(
      int maxInFlight, int perMinute, Map<String, Integer> perProject, Scheduler clock,
      PollingEngine engine) {
    this.perProject = perProject;
    this.maxInFlight = maxInFlight;
    this.perMinute = perMinute;
    this.clock = clock;
    this.engine = engine;
  }

  /** The lane of the project that {@code name} names ("" for a name without a project). */
  Lane laneOf(String name) {
    return lanes.computeIfAbsent(projectOf(name), p -> new Lane(p, perProject.getOrDefault(p, perMinute)));
  }

  /** The segment after a leading {@code projects/}, as the name spells it; "" if none. */
  static String projectOf(String name) {
    if (!name.startsWith("projects/")) {
      return "";
    }
    int end = name.indexOf('/', 9);
    return end < 0 ? name.substring(9) : name.substring(9, end);
  }

  private long now() {
    return clock.now(TimeUnit.NANOSECONDS);
  }

  /**
   * Takes a slot for {@code t} now (true: send at once; call {@link #release} when it ends) or
   * queues it (false: {@link Ticket#admitted} runs later, unless {@link #withdraw} comes first).
   */
  boolean acquire(Lane lane, Ticket t) {
    long now = now();
    synchronized (this) {
      if (turns.isEmpty() && lane.queue.isEmpty() && inFlight < maxInFlight
          && lane.allowedAt(now) <= now) {
        take(lane, now);
        return true;
      }
      t.queued = true;
      lane.queue.add(t);
      offer(lane, now);
    }
    pump();
    return false;
  }

  /** Takes {@code t} out of its queue; true if it was still queued (it holds no slot). */
  synchronized boolean withdraw(Ticket t) {
    boolean was = t.queued;
    t.queued = false;
    return was;
  }

  /** Gives back the in-flight slot of a request that ended. */
  void release() {
    synchronized (this) {
      inFlight--;
    }
    pump();
  }

  /** Starts a cool-down of {@code lane}'s project for {@code delay}, or extends the current one. */
  void coolDown(Lane lane, Duration delay) {
    long until = now() + delay.toNanos();
    boolean started;
    synchronized (this) {
      started = until > lane.coolUntil;
      if (started) {
        lane.coolUntil = until;
      }
    }
    if (started) {
      engine.coolDownStarted(lane.project, delay);
    }
  }

  /** The most requests in flight at once so far; for tests. */
  synchronized int maxInFlightSeen() {
    return maxSeen;
  }

  private void take(Lane lane, long now) {
    lane.sent(now);
    inFlight++;
    if (inFlight > maxSeen) {
      maxSeen = inFlight;
    }
  }

  /** Gives {@code lane} a turn now, or arms its timer for when it may send. */
  private void offer(Lane lane, long now) {
    if (lane.inTurn || lane.queue.isEmpty()) {
      return;
    }
    long at = lane.allowedAt(now);
    if (at <= now) {
      lane.inTurn = true;
      turns.add(lane);
      return;
    }
    if (lane.timer != null && lane.timerAt <= at) {
      return;
    }
    if (lane.timer != null) {
      lane.timer.dispose();
    }
    lane.timerAt = at;
    lane.timer = clock.schedule(() -> onTimer(lane), at - now, TimeUnit.NANOSECONDS);
  }

  private void onTimer(Lane lane) {
    synchronized (this) {
      lane.timer = null;
      offer(lane, now());
    }
    pump();
  }

  /**
   * Hands free slots to the queued requests whose turn it is, one at a time, outside the lock.
   * Runs on one thread at a time; a release or queueing on another thread meanwhile is seen by
   * the loop, so admissions never nest on the stack.
   */
  private void pump() {
    synchronized (this) {
      if (pumping) {
        return;
      }
      pumping = true;
    }
    for (;;) {
      Ticket t;
      synchronized (this) {
        t = nextAdmitted(now());
        if (t == null) {
          pumping = false;
          return;
        }
      }
      t.admitted();
    }
  }

  private Ticket nextAdmitted(long now) {
    while (inFlight < maxInFlight && !turns.isEmpty()) {
      Lane lane = turns.poll();
      lane.inTurn = false;
      if (lane.allowedAt(now) > now) {
        offer(lane, now);
        continue;
      }
      Ticket t;
      do {
        t = lane.queue.poll();
      } while (t != null && !t.queued);
      if (t == null) {
        continue;
      }
      t.queued = false;
      take(lane, now);
      offer(lane, now);
      return t;
    }
    return null;
  }

  @Override
  public String toString() {
    return "maxInFlight=" + maxInFlight + ", maxRequestsPerMinute="
        + (perMinute == UNLIMITED ? "unlimited" : Integer.toString(perMinute))
        + (perProject.isEmpty() ? "" : ", perProject=" + perProject);
  }
}
