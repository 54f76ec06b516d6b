package dev.lropoller.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Caches the token from a refresh function and shares it between every caller.
 *
 * <ul>
 *   <li>Single flight: at most one refresh runs at a time; every caller that needs a token
 *       meanwhile waits for that refresh, without blocking a thread.
 *   <li>Ahead of expiry: a token within {@link #DEFAULT_STALE_MARGIN} of expiry is still served
 *       while a refresh runs in the background; within {@link #DEFAULT_EXPIRED_MARGIN} it is not
 *       served any more and callers wait for the fresh one.
 *   <li>After a 401: {@link #invalidate} drops the cached token if it is the one rejected, so all
 *       callers that held it share one refresh; a token that was already replaced is left alone.
 *   <li>After a failed refresh: callers get the failure, and further refreshes wait
 *       {@link #DEFAULT_FAILURE_BACKOFF}, doubling up to {@link #MAX_FAILURE_BACKOFF}; during the
 *       wait callers fail at once with the last failure (or still get a token that has not
 *       expired).
 * </ul>
 *
 * <p>The refresh function runs once per refresh, subscribed outside any caller's subscription so
 * a caller's cancel does not abort a refresh others wait for. A blocking refresh (such as Google
 * Auth's) must be made non-blocking by the caller, for instance with
 * {@code subscribeOn(Schedulers.boundedElastic())}. Time is read from the given scheduler, so
 * tests may use virtual time.
 */
public final class CachingAccessTokenSource implements AccessTokenSource {
  /** A token this close to expiry is refreshed in the background: 3 min 45 s, as Google Auth. */
  public static final Duration DEFAULT_STALE_MARGIN = Duration.ofSeconds(225);
  /** A token this close to expiry is no longer served: 3 min, as Google Auth. */
  public static final Duration DEFAULT_EXPIRED_MARGIN = Duration.ofMinutes(3);
  /** The wait after the first failed refresh: 1 s. */
  public static final Duration DEFAULT_FAILURE_BACKOFF = Duration.ofSeconds(1);
  /** The longest wait between failed refreshes: 1 min. */
  public static final Duration MAX_FAILURE_BACKOFF = Duration.ofMinutes(1);

  private final Mono<AccessToken> refresh;
  private final Scheduler clock;
  private final Duration staleMargin;
  private final Duration expiredMargin;

  // Guarded by this. The critical sections only read and swap fields; no I/O happens under it.
  private AccessToken current;
  private Mono<AccessToken> inFlight;
  private Throwable lastFailure;
  private int failuresInRow;
  private Instant retryNotBefore = Instant.MIN;
  private long refreshCount;

  private CachingAccessTokenSource(
      Mono<AccessToken> refresh, Scheduler clock, Duration staleMargin, Duration expiredMargin) {
    this.refresh = refresh;
    this.clock = clock;
    this.staleMargin = staleMargin;
    this.expiredMargin = expiredMargin;
  }

  /**
   * A caching source with the default margins, reading time from {@code Schedulers.parallel()}.
   *
   * @param refresh fetches a fresh token each time it is subscribed
   * @return the source
   */
  public static CachingAccessTokenSource of(Mono<AccessToken> refresh) {
    return of(refresh, Schedulers.parallel(), DEFAULT_STALE_MARGIN, DEFAULT_EXPIRED_MARGIN);
  }

  /**
   * A caching source.
   *
   * @param refresh fetches a fresh token each time it is subscribed
   * @param clock whose {@code now()} is the current time (a virtual-time scheduler in tests)
   * @param staleMargin refresh in the background this long before expiry
   * @param expiredMargin stop serving a token this long before expiry; at most
   *     {@code staleMargin}
   * @return the source
   * @throws IllegalArgumentException if a margin is negative or {@code expiredMargin} exceeds
   *     {@code staleMargin}
   */
  public static CachingAccessTokenSource of(
      Mono<AccessToken> refresh, Scheduler clock, Duration staleMargin, Duration expiredMargin) {
    Objects.requireNonNull(refresh, "refresh");
    Objects.requireNonNull(clock, "clock");
    if (staleMargin.isNegative() || expiredMargin.isNegative()) {
      throw new IllegalArgumentException(
          "token margins must not be negative: staleMargin=" + staleMargin + ", expiredMargin="
              + expiredMargin);
    }
    if (expiredMargin.compareTo(staleMargin) > 0) {
      throw new IllegalArgumentException(
          "expiredMargin must not exceed staleMargin: expiredMargin=" + expiredMargin
              + ", staleMargin=" + staleMargin);
    }
    return new CachingAccessTokenSource(refresh, clock, staleMargin, expiredMargin);
  }

  @Override
  public Mono<AccessToken> token() {
    return Mono.defer(this::currentOrRefresh);
  }

  private Mono<AccessToken> currentOrRefresh() {
    Instant now = now();
    Sinks.One<AccessToken> started = null;
    Mono<AccessToken> answer;
    synchronized (this) {
      boolean usable = current != null && !current.expiresWithin(now, expiredMargin);
      boolean mayRefresh = inFlight == null && !now.isBefore(retryNotBefore);
      if (usable) {
        answer = Mono.just(current);
        if (mayRefresh && current.expiresWithin(now, staleMargin)) {
          started = beginRefresh();
        }
      } else if (inFlight != null) {
        answer = inFlight;
      } else if (mayRefresh) {
        started = beginRefresh();
        answer = inFlight;
      } else {
        answer = Mono.error(lastFailure);
      }
    }
    if (started != null) {
      runRefresh(started);
    }
    return answer;
  }

  // Called with the lock held.
  private Sinks.One<AccessToken> beginRefresh() {
    Sinks.One<AccessToken> sink = Sinks.one();
    inFlight = sink.asMono();
    refreshCount++;
    return sink;
  }

  private void runRefresh(Sinks.One<AccessToken> sink) {
    refresh
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("token refresh gave no token")))
        .subscribe(
            token -> {
              synchronized (this) {
                current = token;
                inFlight = null;
                failuresInRow = 0;
                lastFailure = null;
                retryNotBefore = Instant.MIN;
              }
              sink.tryEmitValue(token);
            },
            error -> {
              Instant now = now();
              synchronized (this) {
                inFlight = null;
                lastFailure = error;
                failuresInRow++;
                retryNotBefore = now.plus(backoff(failuresInRow));
              }
              sink.tryEmitError(error);
            });
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.now(TimeUnit.MILLISECONDS));
  }

  private static Duration backoff(int failures) {
    Duration d = DEFAULT_FAILURE_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 16));
    return d.compareTo(MAX_FAILURE_BACKOFF) > 0 ? MAX_FAILURE_BACKOFF : d;
  }

  @Override
  public void invalidate(AccessToken rejected) {
    synchronized (this) {
      if (current != null && current.sameValueAs(rejected)) {
        current = null;
      }
    }
  }

  /**
   * How many refreshes were started: for tests and metrics.
   *
   * @return the refresh count
   */
  public synchronized long refreshCount() {
    return refreshCount;
  }

  /** Shows the cache state; never the token value. */
  @Override
  public synchronized String toString() {
    return "CachingAccessTokenSource[token=" + current + ", refreshing=" + (inFlight != null)
        + ", failuresInRow=" + failuresInRow + "]";
  }
}
