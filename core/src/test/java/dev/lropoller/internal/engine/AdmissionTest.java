package dev.lropoller.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.OperationsTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The poller's slots and per-project queues, driven directly under virtual time: each test names
 * the guarantee it protects. A ticket records when it is admitted; nothing is sent.
 */
class AdmissionTest {
  private static final String A = "projects/a/locations/l/operations/1";
  private static final String B = "projects/b/locations/l/operations/1";

  private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
  private final List<String> coolDowns = new ArrayList<>();

  /** A ticket that counts its admissions. */
  private static final class Probe extends Admission.Ticket {
    int admitted;

    @Override
    void admitted() {
      admitted++;
    }
  }

  private Admission admission(int maxInFlight, int perMinute) {
    PollListener listener = new PollListener() {
      @Override
      public void coolDownStarted(String project, Duration delay) {
        coolDowns.add(project + " " + delay);
      }
    };
    OperationsTransport none = new OperationsTransport() {
      @Override
      public Mono<byte[]> getOperation(String name, AccessToken token) {
        return Mono.never();
      }

      @Override
      public Mono<byte[]> listOperations(String parent, String filter, String page, AccessToken t) {
        return Mono.never();
      }

      @Override
      public Mono<Void> cancelOperation(String name, AccessToken token) {
        return Mono.never();
      }

      @Override
      public Mono<Void> deleteOperation(String name, AccessToken token) {
        return Mono.never();
      }
    };
    PollingEngine engine = new PollingEngine(none, null, PollPolicy.defaults(), clock,
        listener, maxInFlight, perMinute, Map.of());
    return new Admission(maxInFlight, perMinute, Map.of(), clock, engine);
  }

  @Test
  void aFullPollerQueuesAndAReleaseAdmitsTheNextWithoutAnyOtherEvent() {
    Admission admission = admission(1, Admission.UNLIMITED);
    Probe first = new Probe();
    Probe second = new Probe();

    assertThat(admission.acquire(A, first)).isTrue();
    assertThat(admission.acquire(A, second)).as("no slot is free").isFalse();
    assertThat(second.admitted).isZero();

    admission.release(first);

    assertThat(second.admitted).as("the release re-offers the lane at once").isEqualTo(1);
    assertThat(admission.maxInFlightSeen()).isEqualTo(1);
  }

  @Test
  void aReleaseFreesTheSlotForAnotherProjectToo() {
    Admission admission = admission(1, Admission.UNLIMITED);
    Probe first = new Probe();
    Probe other = new Probe();
    admission.acquire(A, first);
    admission.acquire(B, other);

    admission.release(first);

    assertThat(other.admitted).isEqualTo(1);
    admission.release(other);
    assertThat(admission.acquire(A, new Probe())).as("every slot was given back").isTrue();
  }

  @Test
  void aWithdrawnTicketIsNeverAdmitted() {
    Admission admission = admission(1, Admission.UNLIMITED);
    Probe first = new Probe();
    Probe withdrawn = new Probe();
    Probe next = new Probe();
    admission.acquire(A, first);
    admission.acquire(A, withdrawn);
    admission.acquire(A, next);

    assertThat(admission.withdraw(withdrawn)).isTrue();
    assertThat(admission.withdraw(withdrawn)).as("only once").isFalse();
    admission.release(first);

    assertThat(withdrawn.admitted).isZero();
    assertThat(next.admitted).as("the ticket behind it moves up").isEqualTo(1);
    assertThat(admission.withdraw(next)).as("an admitted ticket is no longer queued").isFalse();
  }

  @Test
  void aReleaseWithoutASlotIsRefused() {
    Admission admission = admission(1, Admission.UNLIMITED);
    Probe first = new Probe();
    admission.acquire(A, first);
    admission.release(first);

    assertThatThrownBy(() -> admission.release(first))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("without a slot");
  }

  @Test
  void theRateLimitHoldsARequestAWindowAfterTheOldestEndedAndThenAdmitsIt() {
    Admission admission = admission(10, 1);
    Probe first = new Probe();
    Probe second = new Probe();
    assertThat(admission.acquire(A, first)).isTrue();
    clock.advanceTimeBy(Duration.ofSeconds(5));
    assertThat(admission.acquire(A, second)).as("one per minute, and the first is in flight")
        .isFalse();

    admission.release(first);
    clock.advanceTimeBy(Admission.RATE_WINDOW.minusNanos(1));
    assertThat(second.admitted).as("a window counts from the end of the oldest request").isZero();

    clock.advanceTimeBy(Duration.ofNanos(1));
    assertThat(second.admitted).isEqualTo(1);
  }

  @Test
  void aCoolDownOnlyEverExtends() {
    Admission admission = admission(10, Admission.UNLIMITED);
    admission.coolDown(A, Duration.ofSeconds(30));
    clock.advanceTimeBy(Duration.ofSeconds(10));
    admission.coolDown(A, Duration.ofSeconds(20));
    admission.coolDown(A, Duration.ofSeconds(5));
    Probe waiting = new Probe();

    assertThat(admission.acquire(A, waiting)).isFalse();
    clock.advanceTimeBy(Duration.ofSeconds(20).minusNanos(1));
    assertThat(waiting.admitted).as("the shorter cool-downs did not cut the first").isZero();
    clock.advanceTimeBy(Duration.ofNanos(1));
    assertThat(waiting.admitted).isEqualTo(1);
    assertThat(coolDowns).as("a cool-down that does not extend is not reported")
        .containsExactly("a PT30S");
  }

  @Test
  void aCoolDownEndingExactlyWhenTheCurrentOneEndsIsNotANewOne() {
    Admission admission = admission(10, Admission.UNLIMITED);
    admission.coolDown(A, Duration.ofSeconds(30));
    clock.advanceTimeBy(Duration.ofSeconds(10));
    admission.coolDown(A, Duration.ofSeconds(20));

    assertThat(coolDowns).containsExactly("a PT30S");
  }

  @Test
  void theSweepKeepsALaneThatHoldsACoolDownOrAQueueAndDropsAnIdleOne() {
    Admission admission = admission(1, Admission.UNLIMITED);
    admission.coolDown(A, Duration.ofMinutes(5));
    Probe holder = new Probe();
    admission.acquire(B, holder);
    Probe queued = new Probe();
    admission.acquire("projects/c/locations/l/operations/1", queued);
    Probe idle = new Probe();
    admission.release(holder);
    admission.release(queued);
    assertThat(admission.laneCount()).isEqualTo(3);

    clock.advanceTimeBy(Admission.RATE_WINDOW);
    admission.acquire("projects/d/locations/l/operations/1", idle);

    assertThat(admission.hasLane("a")).as("a cool-down keeps its lane").isTrue();
    assertThat(admission.hasLane("b")).as("idle for a window: dropped").isFalse();
    assertThat(admission.hasLane("c")).isFalse();
    assertThat(admission.hasLane("d")).isTrue();
  }

  @Test
  void theSweepKeepsALaneWithAWaitingTicketAndOneWithARequestInFlight() {
    Admission admission = admission(1, Admission.UNLIMITED);
    Probe holder = new Probe();
    Probe waiting = new Probe();
    admission.acquire(A, holder);
    admission.acquire(B, waiting);

    clock.advanceTimeBy(Admission.RATE_WINDOW);
    admission.acquire("projects/d/locations/l/operations/1", new Probe());

    assertThat(admission.hasLane("a")).as("a request in flight keeps its lane").isTrue();
    assertThat(admission.hasLane("b")).as("a queued ticket keeps its lane").isTrue();
    admission.release(holder);
    assertThat(waiting.admitted).isEqualTo(1);
  }

  @Test
  void aLaneWaitingForItsTurnIsKeptAndDroppedOnceItsWithdrawnTicketIsPassedOver() {
    Admission admission = admission(1, Admission.UNLIMITED);
    Probe holder = new Probe();
    Probe withdrawn = new Probe();
    admission.acquire(A, holder);
    admission.acquire(B, withdrawn);
    admission.withdraw(withdrawn);

    clock.advanceTimeBy(Admission.RATE_WINDOW);
    admission.acquire("projects/d/locations/l/operations/1", new Probe());
    assertThat(admission.hasLane("b")).as("still in the round robin").isTrue();

    admission.release(holder);
    assertThat(withdrawn.admitted).isZero();
    clock.advanceTimeBy(Admission.RATE_WINDOW);
    admission.acquire("projects/d/locations/l/operations/1", new Probe());
    assertThat(admission.hasLane("b")).isFalse();
  }

  @Test
  void theSweepDropsALaneWhoseQueueHoldsOnlyWithdrawnTickets() {
    Admission admission = admission(10, 1);
    Probe first = new Probe();
    admission.acquire(A, first);
    Probe withdrawn = new Probe();
    admission.acquire(A, withdrawn);
    admission.withdraw(withdrawn);
    admission.release(first);

    clock.advanceTimeBy(Admission.RATE_WINDOW.multipliedBy(2));
    admission.acquire(B, new Probe());

    assertThat(withdrawn.admitted).isZero();
    assertThat(admission.hasLane("a")).isFalse();
  }

  @Test
  void theSweepKeepsARateLimitedLaneUntilAWindowAfterItsLastRequestEnded() {
    Admission admission = admission(10, 5);
    Probe sent = new Probe();
    admission.acquire(A, sent);
    clock.advanceTimeBy(Duration.ofSeconds(30));
    admission.release(sent);

    clock.advanceTimeBy(Admission.RATE_WINDOW.minusSeconds(1));
    admission.acquire(B, new Probe());
    assertThat(admission.hasLane("a")).as("its ring still limits the next window").isTrue();

    clock.advanceTimeBy(Admission.RATE_WINDOW);
    admission.acquire(B, new Probe());
    assertThat(admission.hasLane("a")).isFalse();
  }

  @Test
  void manyLanesSweepBeforeTheWindowIsOver() {
    Admission admission = admission(1000, Admission.UNLIMITED);
    for (int i = 0; i < 64; i++) {
      Probe p = new Probe();
      admission.acquire("projects/p" + i + "/locations/l/operations/1", p);
      admission.release(p);
    }
    assertThat(admission.laneCount()).as("63 lanes do not sweep").isEqualTo(64);

    admission.acquire(A, new Probe());

    assertThat(admission.laneCount()).as("64 lanes sweep within the window").isEqualTo(1);
  }

  @Test
  void aSlotFreedInAnotherProjectGoesToTheNextTicketOfALaneThatJustHadItsTurn() {
    Admission admission = admission(2, Admission.UNLIMITED);
    Probe a1 = new Probe();
    Probe b1 = new Probe();
    Probe a2 = new Probe();
    Probe a3 = new Probe();
    admission.acquire(A, a1);
    admission.acquire(B, b1);
    admission.acquire(A, a2);
    admission.acquire(A, a3);

    admission.release(a1);
    assertThat(a2.admitted).isEqualTo(1);
    admission.release(b1);

    assertThat(a3.admitted).as("the lane stays in the round robin while its queue holds more")
        .isEqualTo(1);
  }

  @Test
  void aLaneWhoseTurnComesDuringACoolDownWaitsItOutAndIsAdmittedAfter() {
    Admission admission = admission(1, Admission.UNLIMITED);
    Probe holder = new Probe();
    Probe waiting = new Probe();
    admission.acquire(B, holder);
    admission.acquire(A, waiting);
    admission.coolDown(A, Duration.ofSeconds(30));

    admission.release(holder);
    assertThat(waiting.admitted).as("the cool-down holds it past its turn").isZero();

    clock.advanceTimeBy(Duration.ofSeconds(30));
    assertThat(waiting.admitted).as("and its end admits it, with no other event").isEqualTo(1);
  }

  @Test
  void idleLanesAreSweptOnlyAWindowAfterTheLastSweep() {
    Admission admission = admission(10, Admission.UNLIMITED);
    clock.advanceTimeBy(Admission.RATE_WINDOW);
    Probe x = new Probe();
    admission.acquire(B, x);
    admission.release(x);
    clock.advanceTimeBy(Duration.ofSeconds(1));
    Probe a = new Probe();
    admission.acquire(A, a);
    admission.release(a);

    clock.advanceTimeBy(Duration.ofSeconds(29));
    admission.acquire("projects/d/locations/l/operations/1", new Probe());
    assertThat(admission.hasLane("a")).as("30 s after the last sweep: none yet").isTrue();

    clock.advanceTimeBy(Duration.ofSeconds(30));
    admission.acquire("projects/d/locations/l/operations/1", new Probe());
    assertThat(admission.hasLane("a")).isFalse();
  }

  @Test
  void aRateLimitedLaneIsDroppedExactlyAWindowAfterItsLastRequestEnded() {
    Admission admission = admission(10, 5);
    Probe sent = new Probe();
    admission.acquire(A, sent);
    clock.advanceTimeBy(Duration.ofSeconds(30));
    admission.release(sent);

    clock.advanceTimeBy(Admission.RATE_WINDOW);
    admission.acquire(B, new Probe());

    assertThat(admission.hasLane("a")).isFalse();
  }

  @Test
  void toStringNamesTheLimits() {
    assertThat(admission(3, Admission.UNLIMITED).toString())
        .isEqualTo("maxInFlight=3, maxRequestsPerMinute=unlimited");
    PollingEngine engine = null;
    Admission limited = new Admission(3, 600, Map.of("p", 60), clock, engine);
    assertThat(limited.toString())
        .isEqualTo("maxInFlight=3, maxRequestsPerMinute=600, perProject={p=60}");
  }
}
