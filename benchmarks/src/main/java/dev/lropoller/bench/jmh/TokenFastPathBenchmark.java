package dev.lropoller.bench.jmh;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.CachingAccessTokenSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * The per-request token lookup on a warm cache ({@link CachingAccessTokenSource#token()}, which
 * takes a lock, reads the clock and checks expiry) against handing out a constant
 * {@code Mono.just(token)}. Both are consumed by the same minimal subscriber, not {@code block()},
 * so the subscription itself is measured. The {@code *2Threads} variants run on both cores to show
 * lock contention.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class TokenFastPathBenchmark {
  private AccessToken token;
  private CachingAccessTokenSource cache;

  /** Warms the cache with a token valid for a day. */
  @Setup
  public void setUp() {
    token = AccessToken.of("ya29.bench-token", Instant.now().plus(1, ChronoUnit.DAYS));
    cache = CachingAccessTokenSource.of(Mono.just(token));
    if (cache.token().block() != token || cache.refreshCount() != 1) {
      throw new IllegalStateException("cache did not warm");
    }
  }

  /**
   * Warm cache, one thread.
   *
   * @param bh sink
   */
  @Benchmark
  public void cachedToken(Blackhole bh) {
    cache.token().subscribe(new Consume(bh));
  }

  /**
   * Baseline: a constant token, one thread.
   *
   * @param bh sink
   */
  @Benchmark
  public void baselineMonoJust(Blackhole bh) {
    Mono.just(token).subscribe(new Consume(bh));
  }

  /**
   * Warm cache, both cores at once.
   *
   * @param bh sink
   */
  @Benchmark
  @Threads(2)
  public void cachedToken2Threads(Blackhole bh) {
    cache.token().subscribe(new Consume(bh));
  }

  /**
   * Baseline, both cores at once.
   *
   * @param bh sink
   */
  @Benchmark
  @Threads(2)
  public void baselineMonoJust2Threads(Blackhole bh) {
    Mono.just(token).subscribe(new Consume(bh));
  }

  /** Requests everything, hands each value to the blackhole. */
  static final class Consume implements CoreSubscriber<AccessToken> {
    private final Blackhole bh;

    Consume(Blackhole bh) {
      this.bh = bh;
    }

    @Override
    public void onSubscribe(Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(AccessToken t) {
      bh.consume(t);
    }

    @Override
    public void onError(Throwable t) {
      throw new IllegalStateException(t);
    }

    @Override
    public void onComplete() {}
  }
}
