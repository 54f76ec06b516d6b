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
 *   <li>Ahead of expiry: a token within the stale margin ({@link #DEFAULT_STALE_MARGIN}) of
 *       expiry is still served while a refresh runs in the background; within the expired
 *       margin ({@link #DEFAULT_EXPIRED_MARGIN}) it is not served any more and callers wait for
 *       the fresh one.
 *   <li>Short-lived tokens: the margins shrink with the token's lifetime, counted from when it
 *       arrived. The stale margin is at most half the lifetime and the expired margin at most
 *       two fifths of it, so a 120 s token is refreshed in the background from 60 s of age and
 *       served until 72 s, a 60 s token from 30 s and until 36 s: with steady traffic one
 *       refresh per half lifetime, never one per request. Tokens of more than
 *       {@code 2 × staleMargin} (such as Google's 1 h tokens) use the margins as given.
 *   <li>After a 401: {@link #invalidate} drops the cached token if it is the one rejected, so all
 *       callers that held it share one refresh; a token that was already replaced is left alone.
 *   <li>A refresh that does not answer within the refresh timeout
 *       ({@link #DEFAULT_REFRESH_TIMEOUT}) is cancelled and counts as a failed refresh with a
 *       retryable {@link TransportException} ("token refresh did not answer within …"); the next
 *       caller after the failure backoff starts a new one. A hung token endpoint therefore never
 *       holds the callers of this source for longer than the refresh timeout.
 *   <li>After a failed refresh: callers get the failure, and further refreshes wait
 *       {@link #DEFAULT_FAILURE_BACKOFF}, doubling up to {@link #MAX_FAILURE_BACKOFF}; during the
 *       wait callers fail at once with the last failure (or still get a token that has not
 *       expired). A successful refresh resets the backoff.
 * </ul>
 *
 * <p>The refresh function runs once per refresh, subscribed outside any caller's subscription so
 * a caller's cancel does not abort a refresh others wait for. A blocking refresh (such as Google
 * Auth's) must be made non-blocking by the caller, for instance with
 * {@code subscribeOn(Schedulers.boundedElastic())}. Time is read, and the refresh timeout is
 * timed, on the given clock scheduler, so tests may use virtual time. Each refresh is reported
 * to the {@link TokenRefreshListener} given to the {@link Builder#listener builder}, with its latency
 * and failure but never the token.
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
  /**
   * The longest a refresh may take before it is abandoned as failed: 10 s. A healthy token
   * endpoint answers in well under a second.
   */
  public static final Duration DEFAULT_REFRESH_TIMEOUT = Duration.ofSeconds(10);

  private final Mono<AccessToken> refresh;
  private final Scheduler clock;
  private final Duration staleMargin;
  private final Duration expiredMargin;
  private final TokenRefreshListener listener;

  // Guarded by this. The critical sections only read and swap fields; no I/O happens under it.
  private AccessToken current;
  private Duration currentStaleMargin;
  private Duration currentExpiredMargin;
  private Mono<AccessToken> inFlight;
  private Throwable lastFailure;
  private int failuresInRow;
  private Instant retryNotBefore = Instant.MIN;
  private long refreshCount;

  private CachingAccessTokenSource(Builder b) {
    this.staleMargin = b.staleMargin;
    this.expiredMargin = b.expiredMargin;
    this.clock = b.clock;
    this.listener = b.listener;
    Duration timeout = b.refreshTimeout;
    this.refresh =
        b.refresh
            .switchIfEmpty(
                Mono.error(() -> new IllegalStateException("token refresh gave no token")))
            .timeout(timeout, Mono.error(() -> TransportException.transientFailure(
                "token refresh did not answer within " + timeout + "; it was abandoned, and the"
                    + " next request after the failure backoff starts a new one", null)), b.clock);
  }

  /**
   * A caching source with the default margins, refresh timeout and no listener, reading time
   * from {@code Schedulers.parallel()}.
   *
   * @param refresh fetches a fresh token each time it is subscribed
   * @return the source
   */
  public static CachingAccessTokenSource of(Mono<AccessToken> refresh) {
    return builder(refresh).build();
  }

  /**
   * A caching source with the default refresh timeout and no listener.
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
    return builder(refresh).clock(clock).margins(staleMargin, expiredMargin).build();
  }

  /**
   * Starts building a caching source on {@code refresh}, with the defaults:
   * {@link #DEFAULT_STALE_MARGIN}, {@link #DEFAULT_EXPIRED_MARGIN},
   * {@link #DEFAULT_REFRESH_TIMEOUT}, {@code Schedulers.parallel()} as the clock and
   * {@link TokenRefreshListener#NONE}.
   *
   * @param refresh fetches a fresh token each time it is subscribed
   * @return the builder
   * @throws NullPointerException if {@code refresh} is {@code null}
   */
  public static Builder builder(Mono<AccessToken> refresh) {
    return new Builder(Objects.requireNonNull(refresh, "refresh"));
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
      boolean usable = current != null && !current.expiresWithin(now, currentExpiredMargin);
      boolean mayRefresh = inFlight == null && !now.isBefore(retryNotBefore);
      if (usable) {
        answer = Mono.just(current);
        if (mayRefresh && current.expiresWithin(now, currentStaleMargin)) {
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
      runRefresh(started, now);
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

  private void runRefresh(Sinks.One<AccessToken> sink, Instant startedAt) {
    refresh.subscribe(
        token -> {
          Instant now = now();
          synchronized (this) {
            current = token;
            Duration lifetime = token.expiresAt().map(e -> Duration.between(now, e)).orElse(null);
            currentStaleMargin = scaled(staleMargin, lifetime, 1, 2);
            currentExpiredMargin = scaled(expiredMargin, lifetime, 2, 5);
            inFlight = null;
            failuresInRow = 0;
            lastFailure = null;
          }
          report(Duration.between(startedAt, now), null);
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
          report(Duration.between(startedAt, now), error);
          sink.tryEmitError(error);
        });
  }

  /**
   * {@code margin}, but at most {@code numerator / denominator} of {@code lifetime}; a token of
   * unknown expiry keeps the margin (it never expires by the clock anyway).
   */
  static Duration scaled(Duration margin, Duration lifetime, int numerator, int denominator) {
    if (lifetime == null) {
      return margin;
    }
    if (lifetime.isNegative()) {
      return Duration.ZERO;
    }
    Duration cap = lifetime.multipliedBy(numerator).dividedBy(denominator);
    return cap.compareTo(margin) < 0 ? cap : margin;
  }

  private void report(Duration latency, Throwable failure) {
    try {
      listener.tokenRefreshed(latency, failure);
    } catch (RuntimeException ignored) {
      // TokenRefreshListener's contract: a listener's exception is dropped and changes nothing.
    }
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.now(TimeUnit.MILLISECONDS));
  }

  /** The wait before the next refresh after {@code failures} failed ones in a row. */
  static Duration backoff(int failures) {
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

  /**
   * Collects the options of a {@link CachingAccessTokenSource}. Not thread-safe; use it from one
   * thread. Every option has a default, see {@link CachingAccessTokenSource#builder}.
   */
  public static final class Builder {
    private final Mono<AccessToken> refresh;
    private Scheduler clock = Schedulers.parallel();
    private Duration staleMargin = DEFAULT_STALE_MARGIN;
    private Duration expiredMargin = DEFAULT_EXPIRED_MARGIN;
    private Duration refreshTimeout = DEFAULT_REFRESH_TIMEOUT;
    private TokenRefreshListener listener = TokenRefreshListener.NONE;

    private Builder(Mono<AccessToken> refresh) {
      this.refresh = refresh;
    }

    /**
     * The scheduler whose {@code now()} is the current time and on which the refresh timeout is
     * timed. Default {@code Schedulers.parallel()}; tests pass a virtual-time scheduler.
     *
     * @param clock the clock scheduler
     * @return this builder
     * @throws NullPointerException if {@code clock} is {@code null}
     */
    public Builder clock(Scheduler clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The margins before expiry, for tokens that live longer than twice {@code staleMargin}
     * (shorter-lived tokens scale them down, see {@link CachingAccessTokenSource}). Defaults
     * {@link #DEFAULT_STALE_MARGIN} and {@link #DEFAULT_EXPIRED_MARGIN}.
     *
     * @param staleMargin refresh in the background this long before expiry
     * @param expiredMargin stop serving a token this long before expiry; at most
     *     {@code staleMargin}
     * @return this builder
     * @throws IllegalArgumentException if a margin is negative or {@code expiredMargin} exceeds
     *     {@code staleMargin}; the message quotes both
     */
    public Builder margins(Duration staleMargin, Duration expiredMargin) {
      Objects.requireNonNull(staleMargin, "staleMargin");
      Objects.requireNonNull(expiredMargin, "expiredMargin");
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
      this.staleMargin = staleMargin;
      this.expiredMargin = expiredMargin;
      return this;
    }

    /**
     * How long one refresh may take before it is cancelled and fails with a retryable
     * {@link TransportException}. Default {@link #DEFAULT_REFRESH_TIMEOUT}.
     *
     * @param refreshTimeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if it is zero or negative; the message quotes it
     */
    public Builder refreshTimeout(Duration refreshTimeout) {
      Objects.requireNonNull(refreshTimeout, "refreshTimeout");
      if (refreshTimeout.isNegative() || refreshTimeout.isZero()) {
        throw new IllegalArgumentException("refreshTimeout must be positive: " + refreshTimeout);
      }
      this.refreshTimeout = refreshTimeout;
      return this;
    }

    /**
     * Hears every refresh: {@link TokenRefreshListener#tokenRefreshed} with its latency on the clock and
     * its failure ({@code null} on success), never the token. Default {@link TokenRefreshListener#NONE}.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is {@code null}
     */
    public Builder listener(TokenRefreshListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the source, with an empty cache. Does no I/O.
     *
     * @return the source
     */
    public CachingAccessTokenSource build() {
      return new CachingAccessTokenSource(this);
    }
  }
}
