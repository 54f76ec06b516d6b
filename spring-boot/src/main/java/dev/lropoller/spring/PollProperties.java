package dev.lropoller.spring;

import java.time.Duration;

/** Every {@code PollPolicy} setting, under {@code lropoller.poll.*}. */
public class PollProperties {
  /** Delay before the second poll. */
  private Duration initialInterval = Duration.ofSeconds(5);

  /** Growth of the delay between polls: d(n+1) = min(d(n) * multiplier, max-interval). */
  private double multiplier = 1.5;

  /** Cap on every delay between polls. */
  private Duration maxInterval = Duration.ofSeconds(45);

  /** Each delay is spread uniformly over d * (1 +/- jitter); 0 to 1. */
  private double jitter = 0.1;

  /** Budget of one watch; then the watch fails with PollTimeoutException. */
  private Duration timeout = Duration.ofHours(24);

  /** Poll requests per watch, failed ones included. Unlimited when not set. */
  private Integer maxAttempts;

  /** Delay before the first poll. */
  private Duration firstPollDelay = Duration.ZERO;

  /** Transient failures in a row that end a watch with RetriesExhaustedException. */
  private int maxConsecutiveFailures = 8;

  /** Limit on one HTTP request; a request over it is a transient failure. */
  private Duration requestTimeout = Duration.ofSeconds(30);

  /**
   * The initial interval.
   *
   * @return the initial interval
   */
  public Duration getInitialInterval() {
    return initialInterval;
  }

  /**
   * Sets the initial interval.
   *
   * @param initialInterval the initial interval
   */
  public void setInitialInterval(Duration initialInterval) {
    this.initialInterval = initialInterval;
  }

  /**
   * The multiplier.
   *
   * @return the multiplier
   */
  public double getMultiplier() {
    return multiplier;
  }

  /**
   * Sets the multiplier.
   *
   * @param multiplier the multiplier
   */
  public void setMultiplier(double multiplier) {
    this.multiplier = multiplier;
  }

  /**
   * The max interval.
   *
   * @return the max interval
   */
  public Duration getMaxInterval() {
    return maxInterval;
  }

  /**
   * Sets the max interval.
   *
   * @param maxInterval the max interval
   */
  public void setMaxInterval(Duration maxInterval) {
    this.maxInterval = maxInterval;
  }

  /**
   * The jitter.
   *
   * @return the jitter
   */
  public double getJitter() {
    return jitter;
  }

  /**
   * Sets the jitter.
   *
   * @param jitter the jitter
   */
  public void setJitter(double jitter) {
    this.jitter = jitter;
  }

  /**
   * The watch timeout.
   *
   * @return the timeout
   */
  public Duration getTimeout() {
    return timeout;
  }

  /**
   * Sets the watch timeout.
   *
   * @param timeout the timeout
   */
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * The attempts limit, or {@code null} for unlimited.
   *
   * @return the limit
   */
  public Integer getMaxAttempts() {
    return maxAttempts;
  }

  /**
   * Sets the attempts limit; {@code null} for unlimited.
   *
   * @param maxAttempts the limit
   */
  public void setMaxAttempts(Integer maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  /**
   * The first poll delay.
   *
   * @return the delay
   */
  public Duration getFirstPollDelay() {
    return firstPollDelay;
  }

  /**
   * Sets the first poll delay.
   *
   * @param firstPollDelay the delay
   */
  public void setFirstPollDelay(Duration firstPollDelay) {
    this.firstPollDelay = firstPollDelay;
  }

  /**
   * The consecutive failures limit.
   *
   * @return the limit
   */
  public int getMaxConsecutiveFailures() {
    return maxConsecutiveFailures;
  }

  /**
   * Sets the consecutive failures limit.
   *
   * @param maxConsecutiveFailures the limit
   */
  public void setMaxConsecutiveFailures(int maxConsecutiveFailures) {
    this.maxConsecutiveFailures = maxConsecutiveFailures;
  }

  /**
   * The request timeout.
   *
   * @return the timeout
   */
  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  /**
   * Sets the request timeout.
   *
   * @param requestTimeout the timeout
   */
  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }
}
