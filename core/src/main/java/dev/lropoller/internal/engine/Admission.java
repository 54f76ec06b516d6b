package dev.lropoller.internal.engine;

import dev.lropoller.spi.BudgetDecision;
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
 *
 * <p>With a {@link BudgetPort}, the port decides each limited lane's rate and cool-down instead
 * of its ring: a lane whose head may go asks the port ({@link BudgetAsk}, at most one ask per lane,
 * holding an in-flight slot in the lane's turn) and the grant goes to its first queued ticket.
 * While the port fails, the lane is degraded ({@link PortLane}) and its ring, sized to the
 * fallback share of the limit, decides as above. The ring records the sends the port granted too,
 * so a lane that degrades counts this replica's sends of the last window against its share; and
 * for a window after the lane comes back to the port, the ring binds as well as the port, which
 * may have lost its counts (a Redis restarted empty). The local cool-down applies either way.
 *
 * <p>A lane's queue is FIFO unless a watch aims ({@link dev.lropoller.Aiming}, with its
 * likely-first order on): from its first ticket on, the lane's later tickets are ordered by
 * {@link LikelyFirst}, the run most likely to have ended first, within a fairness bound {@code B}
 * (the aiming's maximum interval): the guarantee above then holds from {@code B} after the
 * ticket was queued, with {@code k} its position among the tickets queued before it still
 * waiting then.
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

  static final long WINDOW = RATE_WINDOW.toNanos();

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
    /** The {@link BudgetPort} slot this ticket's request holds while in flight; null for none. */
    private String portSlot;

    /** The request may leave now; it holds an in-flight slot until {@link #release}. */
    abstract void admitted();

    /**
     * The fairness bound of this ticket in a lane ordered by {@link LikelyFirst}, in
     * nanoseconds; negative for a ticket that keeps the FIFO order (the default).
     */
    long orderBoundNanos() {
      return -1;
    }

    /** The end its watch expects, epoch millis, or {@link LikelyFirst#NO_ESTIMATE}. */
    long orderKey() {
      return LikelyFirst.NO_ESTIMATE;
    }
  }

  /** Whether {@code t} still waits in a queue; for {@link LikelyFirst}, under this lock. */
  static boolean queued(Ticket t) {
    return t.queued;
  }

  private final int maxInFlight;
  private final int perMinute;
  private final Map<String, Integer> perProject;
  /** Lanes keyed by project and location ({@code p/l}) rather than by project. */
  private final boolean byLocation;
  private final Scheduler clock;
  private final PollingEngine engine;
  /** The budget that decides each limited lane's rate, or null: the local rings decide. */
  private final BudgetPort port;

  // Guarded by this.
  private final Map<String, Lane> lanes = new HashMap<>();
  private long lastSweep;
  private int sweepAt = MIN_SWEEP;
  private final ArrayDeque<Lane> turns = new ArrayDeque<>();
  /** Tickets given a port's slot, holding their in-flight slot, for the pump to admit first. */
  private final ArrayDeque<Ticket> ready = new ArrayDeque<>();
  private int inFlight;
  private int maxSeen;
  private final LikelyFirst.Waits orderedWaits = new LikelyFirst.Waits();
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
    this(maxInFlight, perMinute, perProject, byLocation, clock, engine, null);
  }

  /** As above; with a {@code port}, it decides the rate and cool-down of each limited lane. */
  Admission(
      int maxInFlight, int perMinute, Map<String, Integer> perProject, boolean byLocation,
      Scheduler clock, PollingEngine engine, BudgetPort port) {
    this.port = port;
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
      lane = new Lane(project, LaneKey.limit(project, perProject, perMinute), port);
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
      if (turns.isEmpty() && lane.empty() && inFlight < maxInFlight
          && !lane.asks(now) && lane.allowedAt(now) <= now) {
        take(lane, t);
        return true;
      }
      t.queued = true;
      t.lane = lane;
      lane.add(t, now, orderedWaits);
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
    String portSlot;
    Lane lane;
    synchronized (this) {
      lane = t.lane;
      if (lane == null) {
        throw new IllegalStateException("release without a slot");
      }
      t.lane = null;
      portSlot = t.portSlot;
      t.portSlot = null;
      lane.ended(t.slot, now);
      t.slot = -1;
      lane.inFlight--;
      inFlight--;
      offer(lane, now);
    }
    if (portSlot != null) {
      port.answered(lane.project, portSlot);
    }
    pump();
  }

  /**
   * The port's answer to a lane's ask ({@link BudgetAsk}): {@code decision}, or {@code failure}.
   * A grant goes to the lane's first ticket still queued, with the ask's in-flight slot, and is
   * reported answered at once when there is none; otherwise the slot is given back.
   */
  void asked(Lane lane, BudgetDecision decision, Throwable failure) {
    long now = now();
    String unused = null;
    PortLane.Change change;
    synchronized (this) {
      change = lane.port.answered(decision, failure, now, port.probeNanos);
      Ticket t = null;
      if (decision instanceof BudgetDecision.Granted granted) {
        t = lane.mayUseGrant(now) ? lane.next(now) : null;
        if (t == null) {
          unused = granted.slotId();
        } else {
          t.queued = false;
          t.lane = lane;
          t.portSlot = granted.slotId();
          t.slot = lane.sentGranted();
          ready.add(t);
        }
      }
      if (t == null) {
        lane.inFlight--;
        inFlight--;
      }
      offer(lane, now);
    }
    if (unused != null) {
      port.answered(lane.project, unused);
    }
    if (change == PortLane.Change.DEGRADED) {
      engine.budgetDegraded(lane.project, failure);
    } else if (change == PortLane.Change.RESTORED) {
      engine.budgetRestored(lane.project);
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
    if (port != null) {
      port.coolDown(project, delay);
    }
    if (started) {
      engine.coolDownStarted(project, delay);
    }
  }

  /**
   * The longest a request waited in a likely-first queue before it left, so far; zero when none
   * did. For tests and the simulation: it shows the fairness bound held.
   */
  public Duration longestOrderedWait() {
    return Duration.ofNanos(orderedWaits.longestNanos());
  }

  /** The most requests in flight at once so far; for tests. */
  public synchronized int maxInFlightSeen() {
    return maxSeen;
  }

  private void take(Lane lane, Ticket t) {
    t.slot = lane.sent();
    t.lane = lane;
    hold(lane);
  }

  /** Counts an in-flight slot for {@code lane}: a request's, or its ask's. */
  private void hold(Lane lane) {
    lane.inFlight++;
    inFlight++;
    if (inFlight > maxSeen) {
      maxSeen = inFlight;
    }
  }

  /** Gives {@code lane} a turn now, or arms its timer for when it may send. */
  private void offer(Lane lane, long now) {
    if (lane.inTurn || lane.empty()) {
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
    if (lane.timer != null && lane.timerAt <= at) {
      return;
    }
    if (lane.timer != null) {
      // A lane's time does not move earlier today (a restore keeps the ring binding for a
      // window, cool-downs only extend); kept so that a timer is never later than the lane.
      lane.timer.dispose();
    }
    try {
      lane.timer = clock.schedule(() -> onTimer(lane), at - now, TimeUnit.NANOSECONDS);
      lane.timerAt = at;
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
    Ticket granted = ready.poll();
    if (granted != null) {
      return granted;
    }
    while (inFlight < maxInFlight && !turns.isEmpty()) {
      Lane lane = turns.poll();
      lane.inTurn = false;
      if (lane.allowedAt(now) > now) {
        offer(lane, now);
        continue;
      }
      Ticket t = lane.next(now);
      if (t == null) {
        continue;
      }
      if (lane.asks(now)) {
        // The ticket stays first in line for the grant (the FIFO queue goes before the ordered
        // one); the ask holds the in-flight slot.
        lane.queue.addFirst(t);
        lane.port.asking = true;
        hold(lane);
        // A degraded lane's probe: its ring goes on admitting meanwhile.
        offer(lane, now);
        return new BudgetAsk(this, lane, port, lane.port.perMinute);
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
        + (perProject.isEmpty() ? "" : ", perProject=" + perProject)
        + (port == null ? "" : ", " + port);
  }

  /** The lane of a request about {@code name}: see {@link LaneKey#of}. */
  String laneKey(String name) {
    return LaneKey.of(name, byLocation);
  }
}
