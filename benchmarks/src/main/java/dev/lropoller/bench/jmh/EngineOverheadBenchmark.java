package dev.lropoller.bench.jmh;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollListener;
import dev.lropoller.PollOutcome;
import dev.lropoller.PollPolicy;
import dev.lropoller.WatchOutcome;
import dev.lropoller.model.ModelRef;
import dev.lropoller.model.Operation;
import dev.lropoller.spi.AccessToken;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * What the engine adds per poll over calling the transport and parsing: token lookup, request
 * timeout timer, retry wrapper, name check, id comparison; for a whole watch also the demand
 * loop (the watch has no deadline timer of its own: the timeout is checked when polls and
 * requests are scheduled).
 *
 * <ul>
 *   <li>{@code engineGet} vs {@code baselineGet}: one GET of a done operation.
 *   <li>{@code engineModel1Poll}: a full {@code model(name)} watch whose first poll
 *       answers done (first poll delay 0), vs {@code baselineGet}.
 *   <li>{@code engineWatch5Polls} vs {@code baselineLoop5Polls}: 4 running answers then done,
 *       1 ns before every poll, the first included, on {@code Schedulers.parallel()} in both, so
 *       both pay the same five timer hops and the difference is the engine. (The default first
 *       poll delay is zero, so the engine's policy sets it to the tick explicitly.)
 *   <li>{@code engineGetListened} and {@code engineWatch5PollsListened}: the same with a
 *       {@link PollListener} that counts every event, vs the runs above without one
 *       ({@link PollListener#NONE}): what the listener port costs when used.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class EngineOverheadBenchmark {
  private static final Duration TICK = Duration.ofNanos(1);

  private final Scheduler scheduler = Schedulers.parallel();
  private InMemoryTransport doneTransport;
  private InMemoryTransport fivePollTransport;
  private OperationPoller donePoller;
  private OperationPoller fivePollPoller;
  private OperationPoller donePollerListened;
  private OperationPoller fivePollPollerListened;
  private final CountingListener listener = new CountingListener();

  /** Builds the transports and pollers. */
  @Setup
  public void setUp() {
    byte[] running = Bodies.running();
    byte[] done = Bodies.doneWithModel();
    PollPolicy policy = PollPolicy.fixed(TICK);
    doneTransport = new InMemoryTransport(running, done, 0);
    fivePollTransport = new InMemoryTransport(running, done, 4);
    donePoller = OperationPoller.builder(doneTransport).policy(policy).scheduler(scheduler).build();
    // Delay before the first poll too, like baselineLoop5Polls: five timer hops in both.
    fivePollPoller = OperationPoller.builder(fivePollTransport)
        .policy(policy.withFirstPollDelay(TICK)).scheduler(scheduler).build();
    donePollerListened = OperationPoller.builder(doneTransport).policy(policy)
        .scheduler(scheduler).listener(listener).build();
    fivePollPollerListened = OperationPoller.builder(fivePollTransport)
        .policy(policy.withFirstPollDelay(TICK)).scheduler(scheduler).listener(listener).build();
    if (!engineGet().done() || !baselineGet().done() || !engineWatch5Polls().done()
        || !baselineLoop5Polls().done() || engineModel1Poll() == null
        || !engineGetListened().done() || !engineWatch5PollsListened().done()
        || listener.events.sum() == 0) {
      throw new IllegalStateException("benchmark set-up does not reach done");
    }
  }

  /**
   * One engine GET.
   *
   * @return the snapshot
   */
  @Benchmark
  public Operation engineGet() {
    return donePoller.get(Bodies.NAME).block();
  }

  /**
   * A whole {@code model} watch ending on its first poll (the done body carries a Model).
   *
   * @return the model
   */
  @Benchmark
  public ModelRef engineModel1Poll() {
    return donePoller.model(Bodies.NAME).block();
  }

  /**
   * One engine GET, heard by a listener.
   *
   * @return the snapshot
   */
  @Benchmark
  public Operation engineGetListened() {
    return donePollerListened.get(Bodies.NAME).block();
  }

  /**
   * Five polls through the engine, heard by a listener.
   *
   * @return the last snapshot
   */
  @Benchmark
  public Operation engineWatch5PollsListened() {
    return fivePollPollerListened.poll(Bodies.NAME).blockLast();
  }

  /**
   * Baseline: the same transport called directly, then {@code Operation.parse}.
   *
   * @return the snapshot
   */
  @Benchmark
  public Operation baselineGet() {
    return doneTransport.getOperation(Bodies.NAME, AccessToken.none()).map(Operation::parse).block();
  }

  /**
   * Five polls through the engine, the last one done.
   *
   * @return the last snapshot
   */
  @Benchmark
  public Operation engineWatch5Polls() {
    return fivePollPoller.poll(Bodies.NAME).blockLast();
  }

  /**
   * Baseline: a bare delay-GET-parse loop over the same transport until done.
   *
   * @return the last snapshot
   */
  @Benchmark
  public Operation baselineLoop5Polls() {
    return loop().block();
  }

  /** Counts every event, as a metrics binding would. */
  static final class CountingListener implements PollListener {
    final LongAdder events = new LongAdder();

    @Override
    public void watchStarted(String name) {
      events.increment();
    }

    @Override
    public void pollSent(String name, int attempt) {
      events.increment();
    }

    @Override
    public void pollAnswered(String name, Duration latency, PollOutcome outcome, Throwable e) {
      events.increment();
    }

    @Override
    public void watchEnded(String name, WatchOutcome outcome, Duration elapsed, int attempts) {
      events.increment();
    }
  }

  private Mono<Operation> loop() {
    return Mono.delay(TICK, scheduler)
        .then(fivePollTransport.getOperation(Bodies.NAME, AccessToken.none()))
        .map(Operation::parse)
        .flatMap(op -> op.done() ? Mono.just(op) : loop());
  }
}
