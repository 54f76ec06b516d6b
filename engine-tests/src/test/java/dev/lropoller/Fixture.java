package dev.lropoller;

import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.testing.FakeOperationsTransport;
import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.FakeOperationsTransport.RecordedCall;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A virtual-time scheduler, a fake transport and a poller on both, for engine tests. */
final class Fixture {
  static final String NAME = "projects/p/locations/us-central1/operations/ICN3074819451447";

  final VirtualTimeScheduler vts = new ReusableVirtualTime();
  final FakeOperationsTransport fake = new FakeOperationsTransport(vts);
  /** The pollers' scheduler: the virtual time, with a count of the timers still pending. */
  final PendingTimers timers = new PendingTimers(vts);

  OperationPoller poller(PollPolicy policy) {
    return poller(policy, AccessTokenSource.none());
  }

  OperationPoller poller(PollPolicy policy, AccessTokenSource tokens) {
    return OperationPoller.builder(fake).policy(policy).scheduler(timers).tokenSource(tokens)
        .build();
  }

  <T> StepVerifier.FirstStep<T> verify(Supplier<? extends Publisher<? extends T>> scenario) {
    return StepVerifier.withVirtualTime(scenario, () -> vts, Long.MAX_VALUE);
  }

  <T> StepVerifier.FirstStep<T> verify(
      Supplier<? extends Publisher<? extends T>> scenario, long initialRequest) {
    return StepVerifier.withVirtualTime(scenario, () -> vts, initialRequest);
  }

  /** The virtual times of the GET calls, in order. */
  List<Duration> getTimes() {
    return fake.calls().stream().filter(c -> c.kind() == Kind.GET).map(RecordedCall::at).toList();
  }

  /**
   * StepVerifier disposes the virtual-time scheduler after each run; the poller and the fake are
   * bound to this one, so it stays usable for several runs in one test.
   */
  static final class ReusableVirtualTime extends VirtualTimeScheduler {
    ReusableVirtualTime() {
      super(false);
    }

    @Override
    public void dispose() {
      // kept alive across StepVerifier runs; garbage-collected with the fixture
    }
  }

  static PollPolicy exact() {
    return PollPolicy.defaults().withJitter(0.0);
  }
}
