package dev.lropoller.testing.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The fault plan of one {@link AutoMlEmulator}: scripted faults for the next requests, then
 * random faults at given rates. Thread-safe.
 *
 * <p>By default faults apply only to operation polls ({@code GET /v1/{...}/operations/{id}});
 * {@link #allRoutes(boolean)} extends them to every route. For each eligible request the first
 * pending {@link #next(int, Fault)} entry is used; if none is pending, each {@link #rate} rule is
 * tried in the order added with the plan's {@link Random} (seed with {@link #seed(long)}).
 */
public final class EmulatorFaults {
  private final Deque<Pending> next = new ArrayDeque<>();
  private final List<Rate> rates = new ArrayList<>();
  private Random random = new Random();
  private boolean allRoutes;

  EmulatorFaults() {}

  /**
   * Injects {@code fault} into the next {@code count} eligible requests (after those already
   * scheduled).
   *
   * @param count at least 1
   * @param fault not null
   * @return this plan
   * @throws IllegalArgumentException if {@code count < 1}
   */
  public synchronized EmulatorFaults next(int count, Fault fault) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    next.addLast(new Pending(Objects.requireNonNull(fault, "fault"), count));
    return this;
  }

  /**
   * Injects {@code fault} into the next eligible request.
   *
   * @param fault not null
   * @return this plan
   */
  public EmulatorFaults next(Fault fault) {
    return next(1, fault);
  }

  /**
   * Injects {@code fault} into each eligible request with probability {@code probability}.
   *
   * @param probability in [0, 1]
   * @param fault not null
   * @return this plan
   * @throws IllegalArgumentException if the probability is outside [0, 1]
   */
  public synchronized EmulatorFaults rate(double probability, Fault fault) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
    }
    rates.add(new Rate(probability, Objects.requireNonNull(fault, "fault")));
    return this;
  }

  /**
   * Reseeds the random source used by {@link #rate}, for reproducible runs.
   *
   * @param seed the seed
   * @return this plan
   */
  public synchronized EmulatorFaults seed(long seed) {
    this.random = new Random(seed);
    return this;
  }

  /**
   * Whether faults apply to every route, or only to operation polls (the default).
   *
   * @param all true for every route
   * @return this plan
   */
  public synchronized EmulatorFaults allRoutes(boolean all) {
    this.allRoutes = all;
    return this;
  }

  /**
   * Removes every scripted and random fault (keeps the seed and the route scope).
   *
   * @return this plan
   */
  public synchronized EmulatorFaults clear() {
    next.clear();
    rates.clear();
    return this;
  }

  /**
   * How many scripted faults are still waiting for a request.
   *
   * @return the count
   */
  public synchronized int pending() {
    return next.stream().mapToInt(p -> p.remaining).sum();
  }

  /** The fault for one request, or null. */
  synchronized Fault pick(boolean poll) {
    if (!poll && !allRoutes) {
      return null;
    }
    Pending p = next.peekFirst();
    if (p != null) {
      if (--p.remaining == 0) {
        next.removeFirst();
      }
      return p.fault;
    }
    for (Rate r : rates) {
      if (random.nextDouble() < r.probability) {
        return r.fault;
      }
    }
    return null;
  }

  private static final class Pending {
    final Fault fault;
    int remaining;

    Pending(Fault fault, int remaining) {
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  private record Rate(double probability, Fault fault) {}
}
