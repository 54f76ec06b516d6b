package dev.lropoller.internal.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The poller's request budgets, checked before every request leaves, whatever the transport:
 * at most {@code maxInFlight} requests in flight for the whole poller, at most
 * {@code maxRequestsPerMinute} requests per project in any {@link #RATE_WINDOW} of 60 s, counted
 * so that a server counting arrivals sees no more either (see there), and no send to a project
 * during its cool-down after a 429 or {@code RESOURCE_EXHAUSTED}.
 *
 * <p>A request that may not leave yet waits in its project's FIFO queue, holding no thread;
 * projects whose head may send take turns for free in-flight slots (round robin), so a project
 * under its limit is never slowed by one that is not. Within a project, with a rate of {@code R}
 * per minute and no cool-down, the request at queue position {@code k} (1 = head) is sent at most
 * {@code ceil(k / R)} rate windows ({@link #RATE_WINDOW} each) plus as many request latencies
 * after it was queued, given free in-flight slots; cool-downs add their length.
 *
 * <p>The per-project window is a ring of the last {@code R} requests, in send order. A slot is
 * {@link #PENDING} from the send until the request ends (answered, failed or given up), then
 * holds the time it ended. A send takes the oldest slot, and only once that slot's request
 * ended at least {@link #RATE_WINDOW} ago.
 *
 * <p>"Project" here is the lane's key: the request's project, or its project and location for
 * a poller keyed {@link dev.lropoller.BudgetKey#PROJECT_AND_LOCATION} ({@link LaneKey}).
 *
 * <p>A lane (one project's state) exists while the project is busy and is dropped once idle: no
 * queued request, none in flight, no cool-down, and none ended within the last window. A lane
 * created again for that project starts with an empty ring, which keeps the rate guarantee: its
 * sends come at least one window after the dropped lane's last request ended. Idle lanes are swept on
 * admission, with no timer of their own: on the first admission a window after the last sweep,
 * or sooner once the number of lanes has doubled since it, so the cost is amortized O(1) per
 * request and, on a poller in use, the lanes kept are about those of the projects seen within
 * the last two windows.
 */
public final class Admission {
  /** No limit. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  /**
   * The per-project rate window, a minute. A server counts a request when it arrives, somewhere
   * between our send and its answer, and the delay until then varies (a burst of first requests
   * waits for connections and in the server's queue, a later one does not). Counting sends
   * alone let a server see 611 to 617 requests of a project limited to 600 in its busiest
   * minute ({@code LoadRun --projects 20}). So a request holds its ring slot from its send until
   * a minute after it ended: request {@code i + R} is sent at least a minute after request
   * {@code i} was answered, which is after it arrived, so any {@code R + 1} arrivals span at
   * least a minute, whatever the latencies. The cost is one request latency per slot reuse.
   */
  public static final Duration RATE_WINDOW = Duration.ofSeconds(60);

  /** A ring slot whose request has not ended yet. */
  static final long PENDING = Long.MAX_VALUE;

  private static final long WINDOW = RATE_WINDOW.toNanos();

  /** The fewest lanes at which a sweep runs before its window is over. */
  private static final int MIN_SWEEP = 64;

  /** A request that waits for its turn; {@link #admitted} runs when it may leave. */
  abstract static class Ticket {
    // Guarded by the Admission.
    private boolean queued;
    /** The lane of the slot this ticket holds or waits for; null when it holds none. */
    private Lane lane;
    /** The ring slot this ticket's request holds while in flight; -1 for none. */
    private int slot = -1;

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
    /** Requests of this project holding an in-flight slot. */
    private int inFlight;
    /** When the latest request of this project ended. */
    private long lastEnded = Long.MIN_VALUE;

    Lane(String project, int perMinute) {
      this.project = project;
      this.sends = perMinute == UNLIMITED ? null : new long[perMinute];
    }

    /**
     * When this project may send next: now, later, or {@link #PENDING} while the oldest ring
     * slot's request is still in flight (its end re-offers the lane).
     */
    private long allowedAt(long now) {
      long at = Math.max(now, coolUntil);
      if (sends != null && count == sends.length) {
        long ended = sends[next];
        at = ended == PENDING ? PENDING : Math.max(at, ended + WINDOW);
      }
      return at;
    }

    /**
     * Nothing waits, nothing is in flight, no cool-down and no send in the last window. A lane
     * with a queue is always in turn or on its timer, and its next turn drops withdrawn tickets,
     * so a queue here keeps the lane rather than being cleaned by the sweep.
     */
    private boolean idle(long now) {
      if (inFlight > 0 || inTurn || timer != null || coolUntil > now || !queue.isEmpty()) {
        return false;
      }
      // Nothing in flight, so every ring slot holds an end time.
      return sends == null || count == 0 || now - lastEnded >= WINDOW;
    }

    /** Takes the next ring slot for a request sent now; -1 without a rate limit. */
    private int sent() {
      if (sends == null) {
        return -1;
      }
      int slot = next;
      sends[slot] = PENDING;
      next = next + 1 == sends.length ? 0 : next + 1;
      if (count < sends.length) {
        count++;
      }
      return slot;
    }

    /** The request in ring slot {@code slot} ended at {@code now}. */
    private void ended(int slot, long now) {
      if (slot >= 0) {
        sends[slot] = now;
      }
      if (now > lastEnded) {
        lastEnded = now;
      }
    }
  }

  private final int maxInFlight;
  private final int perMinute;
  private final Map<String, Integer> perProject;
  /** Lanes keyed by project and location ({@code p/l}) rather than by project. */
  private final boolean byLocation;
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
    this(maxInFlight, perMinute, perProject, false, clock, engine);
  }

  /**
   * As above; with {@code byLocation} each lane is a project and location, and
   * {@code perProject} may hold {@code p/l} keys besides project keys (see {@link LaneKey}).
   */
  Admission(
      int maxInFlight, int perMinute, Map<String, Integer> perProject, boolean byLocation,
      Scheduler clock, PollingEngine engine) {
    this.byLocation = byLocation;
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
      lane = new Lane(project, LaneKey.limit(project, perProject, perMinute));
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
  public synchronized int laneCount() {
    return lanes.size();
  }

  /** Whether {@code project} has a lane now; for tests. */
  public synchronized boolean hasLane(String project) {
    return lanes.containsKey(project);
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
    String project = laneKey(name);
    long now = now();
    synchronized (this) {
      Lane lane = lane(project, now);
      if (turns.isEmpty() && lane.queue.isEmpty() && inFlight < maxInFlight
          && lane.allowedAt(now) <= now) {
        take(lane, t);
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

  /**
   * Gives back the in-flight slot {@code t} holds, after its request ended; its ring slot counts
   * from now for a window.
   */
  void release(Ticket t) {
    long now = now();
    synchronized (this) {
      Lane lane = t.lane;
      if (lane == null) {
        throw new IllegalStateException("release without a slot");
      }
      t.lane = null;
      lane.ended(t.slot, now);
      t.slot = -1;
      lane.inFlight--;
      inFlight--;
      offer(lane, now);
    }
    pump();
  }

  /**
   * Starts a cool-down of the project of {@code name} for {@code delay}, or extends the current
   * one.
   */
  void coolDown(String name, Duration delay) {
    String project = laneKey(name);
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
  public synchronized int maxInFlightSeen() {
    return maxSeen;
  }

  private void take(Lane lane, Ticket t) {
    t.slot = lane.sent();
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
    if (at == PENDING) {
      // Re-offered when the oldest slot's request ends.
      return;
    }
    if (lane.timer != null) {
      // An armed timer is never due later than at: a cool-down only extends, and the oldest
      // ring slot changes only by a send, which needs the lane's time to have come. If the
      // timer is late, its run offers the lane again.
      return;
    }
    try {
      lane.timer = clock.schedule(() -> onTimer(lane), at - now, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException refused) {
      // A scheduler that refuses (shut down, or bounded): the lane is offered again at the next
      // release or acquire, and each queued call's own deadline timer still ends its wait.
      lane.timer = null;
    }
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
      take(lane, t);
      offer(lane, now);
      return t;
    }
    return null;
  }

  @Override
  public String toString() {
    return "maxInFlight=" + maxInFlight + ", maxRequestsPerMinute="
        + (perMinute == UNLIMITED ? "unlimited" : Integer.toString(perMinute))
        + (byLocation ? ", per project and location" : "")
        + (perProject.isEmpty() ? "" : ", perProject=" + perProject);
  }

  /** The lane of a request about {@code name}: see {@link LaneKey#of}. */
  String laneKey(String name) {
    return LaneKey.of(name, byLocation);
  }
}
