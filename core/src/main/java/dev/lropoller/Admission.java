package dev.lropoller;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The poller's request budgets, checked before every request leaves, whatever the transport:
 * at most {@code maxInFlight} requests in flight for the whole poller, at most
 * {@code maxRequestsPerMinute} sends per project in any {@link #RATE_WINDOW} (60 s plus a
 * margin, see there), and no send to a project during its cool-down after a 429 or
 * {@code RESOURCE_EXHAUSTED}.
 *
 * <p>A request that may not leave yet waits in its project's FIFO queue, holding no thread;
 * projects whose head may send take turns for free in-flight slots (round robin), so a project
 * under its limit is never slowed by one that is not. Within a project, with a rate of {@code R}
 * per minute and no cool-down, the request at queue position {@code k} (1 = head) is sent at most
 * {@code ceil(k / R)} rate windows ({@link #RATE_WINDOW} each) after it was queued, given free
 * in-flight slots; cool-downs add their length.
 *
 * <p>The per-project window is a ring of the last {@code R} send times: a send is allowed when
 * the oldest of them is at least {@link #RATE_WINDOW} old, so every half-open window of that
 * length holds at most {@code R} sends.
 *
 * <p>A lane (one project's state) exists while the project is busy and is dropped once idle: no
 * queued request, none in flight, no cool-down, and no send within the last window. A lane
 * created again for that project starts with an empty ring, which keeps the rate guarantee: its
 * sends come at least one window after the dropped lane's last one. Idle lanes are swept on
 * admission, with no timer of their own: on the first admission a window after the last sweep,
 * or sooner once the number of lanes has doubled since it, so the cost is amortized O(1) per
 * request and, on a poller in use, the lanes kept are about those of the projects seen within
 * the last two windows.
 */
final class Admission {
  /** No limit. */
  static final int UNLIMITED = Integer.MAX_VALUE;

  /**
   * The per-project rate window: 60 s plus a 3 s margin. The engine counts a send when it admits
   * it, the server when it arrives; between the two the request waits for its token, a
   * connection and the event loop, and that wait varies per request: the first requests of a
   * poller also open the connections, later ones reuse them. A 60 s window at the server can
   * thus hold sends admitted up to 60 s plus that spread apart. Measured with
   * {@code LoadRun --projects 20 --max-requests-per-minute 600} against the emulator in another
   * JVM, the busiest 60 s at the server held 611 to 617 requests of a project with a 60 s
   * window, 605 to 619 with 61 s, and exactly 600 for every project with 63 s (and with 65 s),
   * while the sends at the transport port never exceeded 600 in 60 s: the spread there was
   * between 1 and 3 s. The margin costs 4.8 % of the budget (600 per 63 s is 571 per minute).
   */
  static final Duration RATE_WINDOW = Duration.ofSeconds(63);

  private static final long WINDOW = RATE_WINDOW.toNanos();

  /** The fewest lanes at which a sweep runs before its window is over. */
  private static final int MIN_SWEEP = 64;

  /** A request that waits for its turn; {@link #admitted} runs when it may leave. */
  abstract static class Ticket {
    // Guarded by the Admission.
    private boolean queued;
    /** The lane of the slot this ticket holds or waits for; null when it holds none. */
    private Lane lane;

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
    /** Requests of this project holding an in-flight slot. */
    private int inFlight;

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

    /** Nothing waits, nothing is in flight, no cool-down and no send in the last window. */
    private boolean idle(long now) {
      if (inFlight > 0 || inTurn || timer != null || coolUntil > now) {
        return false;
      }
      if (!queue.isEmpty()) {
        // Withdrawn tickets stay until polled; they do not keep a lane.
        queue.removeIf(t -> !t.queued);
        if (!queue.isEmpty()) {
          return false;
        }
      }
      if (sends == null || count == 0) {
        return true;
      }
      long newest = sends[next == 0 ? sends.length - 1 : next - 1];
      return now - newest >= WINDOW;
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

  // Guarded by this.
  private final Map<String, Lane> lanes = new HashMap<>();
  private long lastSweep;
  private int sweepAt = MIN_SWEEP;
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
    this.lastSweep = clock.now(TimeUnit.NANOSECONDS);
  }

  /** The lane of {@code project}, created if there is none; after a sweep when one is due. */
  private Lane lane(String project, long now) {
    if (now - lastSweep >= WINDOW || lanes.size() >= sweepAt) {
      sweep(now);
    }
    Lane lane = lanes.get(project);
    if (lane == null) {
      lane = new Lane(project, perProject.getOrDefault(project, perMinute));
      lanes.put(project, lane);
    }
    return lane;
  }

  /** Drops the idle lanes. */
  private void sweep(long now) {
    for (Iterator<Lane> it = lanes.values().iterator(); it.hasNext(); ) {
      if (it.next().idle(now)) {
        it.remove();
      }
    }
    lastSweep = now;
    sweepAt = Math.max(MIN_SWEEP, 2 * lanes.size());
  }

  /** How many project lanes exist now; for tests. */
  synchronized int laneCount() {
    return lanes.size();
  }

  /** Whether {@code project} has a lane now; for tests. */
  synchronized boolean hasLane(String project) {
    return lanes.containsKey(project);
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
   * Takes a slot for {@code t}, a request about {@code name}, now (true: send at once; call
   * {@link #release} when it ends) or queues it in its project's lane (false:
   * {@link Ticket#admitted} runs later, unless {@link #withdraw} comes first).
   */
  boolean acquire(String name, Ticket t) {
    String project = projectOf(name);
    long now = now();
    synchronized (this) {
      Lane lane = lane(project, now);
      if (turns.isEmpty() && lane.queue.isEmpty() && inFlight < maxInFlight
          && lane.allowedAt(now) <= now) {
        take(lane, t, now);
        return true;
      }
      t.queued = true;
      t.lane = lane;
      lane.queue.add(t);
      offer(lane, now);
    }
    pump();
    return false;
  }

  /** Takes {@code t} out of its queue; true if it was still queued (it holds no slot). */
  synchronized boolean withdraw(Ticket t) {
    boolean was = t.queued;
    if (was) {
      t.queued = false;
      t.lane = null;
    }
    return was;
  }

  /** Gives back the in-flight slot {@code t} holds, after its request ended. */
  void release(Ticket t) {
    synchronized (this) {
      Lane lane = t.lane;
      if (lane == null) {
        throw new IllegalStateException("release without a slot");
      }
      t.lane = null;
      lane.inFlight--;
      inFlight--;
    }
    pump();
  }

  /**
   * Starts a cool-down of the project of {@code name} for {@code delay}, or extends the current
   * one.
   */
  void coolDown(String name, Duration delay) {
    String project = projectOf(name);
    long now = now();
    long until = now + delay.toNanos();
    boolean started;
    synchronized (this) {
      Lane lane = lane(project, now);
      started = until > lane.coolUntil;
      if (started) {
        lane.coolUntil = until;
      }
    }
    if (started) {
      engine.coolDownStarted(project, delay);
    }
  }

  /** The most requests in flight at once so far; for tests. */
  synchronized int maxInFlightSeen() {
    return maxSeen;
  }

  private void take(Lane lane, Ticket t, long now) {
    lane.sent(now);
    lane.inFlight++;
    t.lane = lane;
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
      take(lane, t, now);
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
