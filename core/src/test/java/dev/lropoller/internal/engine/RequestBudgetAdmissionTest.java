package dev.lropoller.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.BudgetKey;
import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.BudgetDecision;
import dev.lropoller.spi.OperationsTransport;
import dev.lropoller.spi.RequestBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The admission with a {@link RequestBudget} port, driven directly under virtual time with a
 * {@link ScriptedBudget} whose answers the test gives: each test names the guarantee it protects.
 * A ticket records its admissions; nothing is sent.
 */
class RequestBudgetAdmissionTest {
  private static final String A = "projects/a/locations/l/operations/1";
  private static final String B = "projects/b/locations/l/operations/1";
  private static final String C = "projects/c/locations/l/operations/1";
  private static final Duration PROBE = Duration.ofSeconds(5);

  private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
  private final ScriptedBudget port = new ScriptedBudget();
  private final List<String> events = new ArrayList<>();

  /** A ticket that counts its admissions. */
  private static final class Probe extends Admission.Ticket {
    int admitted;

    @Override
    void admitted() {
      admitted++;
    }
  }

  private Admission admission(int maxInFlight, int perMinute, int replicas, RequestBudget budget) {
    PollListener listener = new PollListener() {
      @Override
      public void coolDownStarted(String project, Duration delay) {
        events.add("coolDown " + project + " " + delay);
      }

      @Override
      public void budgetDegraded(String key, Throwable cause) {
        events.add("degraded " + key + " " + cause.getMessage());
      }

      @Override
      public void budgetRestored(String key) {
        events.add("restored " + key);
      }
    };
    PollingEngine engine = new PollingEngine(new NoTransport(), null, PollPolicy.defaults(), clock,
        listener, maxInFlight, perMinute, Map.of(), BudgetKey.PROJECT, budget, replicas, PROBE);
    return new Admission(maxInFlight, perMinute, Map.of(), false, clock, engine,
        new BudgetPort(budget, Duration.ofSeconds(30), replicas, PROBE));
  }

  private Admission admission(int maxInFlight, int perMinute) {
    return admission(maxInFlight, perMinute, 3, port);
  }

  @Test
  void aGrantGoesToTheFirstQueuedTicketAndItsReleaseReportsTheSlotAnswered() {
    Admission admission = admission(10, 60);
    Probe first = new Probe();

    assertThat(admission.acquire(A, first)).as("a port lane never sends without a grant").isFalse();
    ScriptedBudget.Ask ask = port.next();
    assertThat(ask.key()).isEqualTo("a");
    assertThat(ask.perMinute()).isEqualTo(60);
    assertThat(ask.pendingBound()).isEqualTo(Duration.ofSeconds(30));
    assertThat(first.admitted).isZero();

    ask.grant("s1");

    assertThat(first.admitted).isEqualTo(1);
    assertThat(port.answered).isEmpty();
    admission.release(first);
    assertThat(port.answered).containsExactly("a s1");
  }

  @Test
  void aLaneHasAtMostOneAskOutstanding() {
    Admission admission = admission(10, 60);
    Probe[] probes = {new Probe(), new Probe(), new Probe()};
    for (Probe p : probes) {
      admission.acquire(A, p);
    }

    assertThat(port.askCount()).as("three queued tickets, one ask").isEqualTo(1);
    port.next().grant("s1");
    assertThat(probes[0].admitted).isEqualTo(1);
    assertThat(port.askCount()).as("the grant starts the next ask").isEqualTo(2);
    port.next().grant("s2");
    port.next().grant("s3");

    assertThat(probes).allMatch(p -> p.admitted == 1);
    assertThat(port.askCount()).as("no ask without a queued ticket").isEqualTo(3);
  }

  @Test
  void aWaitIsBackPressureAndTheLaneAsksAgainAfterIt() {
    Admission admission = admission(10, 60);
    Probe t = new Probe();
    admission.acquire(A, t);

    port.next().waitFor(Duration.ofSeconds(10));
    clock.advanceTimeBy(Duration.ofSeconds(10).minusMillis(1));
    assertThat(port.unanswered()).as("no ask before the wait is over").isZero();
    assertThat(t.admitted).isZero();
    assertThat(admission.withdraw(t)).as("still queued: waiting is not failing").isTrue();
    admission.acquire(A, t);
    assertThat(port.unanswered()).isZero();

    clock.advanceTimeBy(Duration.ofMillis(1));
    port.next().grant("s1");

    assertThat(t.admitted).isEqualTo(1);
  }

  @Test
  void aZeroWaitDoesNotSpin() {
    Admission admission = admission(10, 60);
    admission.acquire(A, new Probe());

    port.next().waitFor(Duration.ZERO);

    assertThat(port.unanswered()).as("asked again a millisecond later, not at once").isZero();
    clock.advanceTimeBy(Duration.ofMillis(1));
    assertThat(port.unanswered()).isEqualTo(1);
  }

  @Test
  void aGrantSkipsTicketsWithdrawnWhileAsking() {
    Admission admission = admission(10, 60);
    Probe withdrawn = new Probe();
    Probe next = new Probe();
    admission.acquire(A, withdrawn);
    admission.acquire(A, next);

    admission.withdraw(withdrawn);
    port.next().grant("s1");

    assertThat(withdrawn.admitted).isZero();
    assertThat(next.admitted).isEqualTo(1);
    assertThat(port.answered).isEmpty();
  }

  @Test
  void aGrantWithNoTicketLeftIsAnsweredAtOnceAndFreesItsInFlightSlot() {
    Admission admission = admission(1, 60);
    Probe withdrawn = new Probe();
    admission.acquire(A, withdrawn);
    admission.withdraw(withdrawn);

    port.next().grant("s1");

    assertThat(withdrawn.admitted).isZero();
    assertThat(port.answered).as("the slot is not held").containsExactly("a s1");
    Probe other = new Probe();
    admission.acquire(B, other);
    port.next().grant("s2");
    assertThat(other.admitted).as("the ask's in-flight slot was given back").isEqualTo(1);
  }

  @Test
  void aLaneWhoseAskEndedWithoutATicketIsDroppedOnceIdle() {
    Admission admission = admission(10, 60);
    Probe withdrawn = new Probe();
    admission.acquire(A, withdrawn);
    admission.withdraw(withdrawn);
    port.next().grant("s1");

    clock.advanceTimeBy(Admission.RATE_WINDOW);
    admission.acquire(B, new Probe());

    assertThat(admission.hasLane("b")).isTrue();
    assertThat(admission.hasLane("a")).as("the ask's slot no longer counts for the lane").isFalse();
  }

  @Test
  void maxInFlightHoldsWithAsksOutstanding() {
    Admission admission = admission(2, 60);
    Probe a = new Probe();
    Probe b = new Probe();
    Probe c = new Probe();
    admission.acquire(A, a);
    admission.acquire(B, b);
    admission.acquire(C, c);

    assertThat(port.askCount()).as("each ask holds an in-flight slot").isEqualTo(2);
    port.next().grant("a1");
    assertThat(port.askCount()).as("the grant keeps the slot for its ticket").isEqualTo(2);
    port.next().waitFor(Duration.ofSeconds(1));
    assertThat(port.askCount()).as("a wait gives its slot to the next lane").isEqualTo(3);
    assertThat(admission.maxInFlightSeen()).isEqualTo(2);
    admission.release(a);
    port.next().grant("c1");

    assertThat(c.admitted).isEqualTo(1);
    assertThat(admission.maxInFlightSeen()).isEqualTo(2);
  }

  @Test
  void twoBusyLanesTakeTurnsForTheOneInFlightSlot() {
    Admission admission = admission(1, 60);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      admission.acquire(A, new Probe());
      admission.acquire(B, new Probe());
    }

    for (int i = 0; i < 6; i++) {
      ScriptedBudget.Ask ask = port.next();
      order.add(ask.key());
      ask.waitFor(Duration.ZERO);
      clock.advanceTimeBy(Duration.ofMillis(1));
    }

    assertThat(order).containsExactly("a", "b", "a", "b", "a", "b");
  }

  @Test
  void aCoolDownGoesToThePortAndStillHoldsTheLaneLocally() {
    Admission admission = admission(10, 60);

    admission.coolDown(A, Duration.ofSeconds(30));
    Probe t = new Probe();
    admission.acquire(A, t);

    assertThat(port.coolDowns).containsExactly("a PT30S");
    assertThat(events).containsExactly("coolDown a PT30S");
    assertThat(port.askCount()).as("no ask during the local cool-down").isZero();
    clock.advanceTimeBy(Duration.ofSeconds(30));
    port.next().grant("s1");
    assertThat(t.admitted).isEqualTo(1);
  }

  @Test
  void aFailedAskDegradesTheLaneToItsFallbackShareAndAProbeRestoresIt() {
    // 60 a minute over 3 replicas: 20 while degraded.
    Admission admission = admission(100, 60, 3, port);
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Probe p = new Probe();
      probes.add(p);
      admission.acquire(A, p);
    }

    port.next().fail(new IllegalStateException("redis down"));

    assertThat(events).containsExactly("degraded a redis down");
    assertThat(probes.stream().filter(p -> p.admitted == 1))
        .as("the fallback share leaves at once, the rest waits").hasSize(20);
    for (int i = 0; i < 20; i++) {
      admission.release(probes.get(i));
    }
    clock.advanceTimeBy(PROBE.minusMillis(1));
    assertThat(port.unanswered()).as("no probe before its interval").isZero();
    clock.advanceTimeBy(Duration.ofMillis(1));
    ScriptedBudget.Ask probe = port.next();
    assertThat(probes.stream().filter(p -> p.admitted == 1))
        .as("a full ring does not delay the probe, nor exceed the share").hasSize(20);

    probe.grant("s1");

    assertThat(events).containsExactly("degraded a redis down", "restored a");
    assertThat(probes.get(20).admitted)
        .as("for a window after the restore the spent share binds too: the probe's grant goes"
            + " unused").isZero();
    assertThat(port.answered).containsExactly("a s1");
    assertThat(port.unanswered()).isZero();
    clock.advanceTimeBy(Duration.ofSeconds(55));
    assertThat(port.unanswered()).as("back on the port, a minute after the share's sends ended")
        .isEqualTo(1);
    port.next().grant("s2");
    assertThat(probes.get(20).admitted).as("the grant goes to the queue's head").isEqualTo(1);
  }

  @Test
  void aLaneThatDegradesCountsTheSendsThePortGrantedInTheLastWindow() {
    // 60 a minute over 3 replicas: a share of 20. The port grants 20 sends at t = 0, then fails.
    Admission admission = admission(100, 60, 3, port);
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      Probe p = new Probe();
      probes.add(p);
      admission.acquire(A, p);
    }
    for (int i = 0; i < 20; i++) {
      port.next().grant("s" + i);
      admission.release(probes.get(i));
    }

    port.next().fail(new IllegalStateException("redis down"));

    assertThat(events).containsExactly("degraded a redis down");
    assertThat(probes.stream().filter(p -> p.admitted == 1))
        .as("this replica's share of the minute went in fleet mode: nothing more yet").hasSize(20);
    for (int i = 0; i < 11; i++) {
      clock.advanceTimeBy(PROBE);
      port.next().fail(new IllegalStateException("still down"));
    }
    assertThat(probes.stream().filter(p -> p.admitted == 1)).hasSize(20);
    clock.advanceTimeBy(PROBE);
    port.next().fail(new IllegalStateException("still down"));
    assertThat(probes.stream().filter(p -> p.admitted == 1))
        .as("a minute after the granted sends ended, the share sends again").hasSize(25);
  }

  @Test
  void aGrantWhileTheOldestRingSlotIsInFlightTakesNoSlotAndKeepsThatOne() {
    // A share of 1: the ring has one slot. Two grants in a row, the first still in flight.
    Admission admission = admission(100, 3, 3, port);
    Probe first = new Probe();
    Probe second = new Probe();
    admission.acquire(A, first);
    admission.acquire(A, second);
    port.next().grant("s1");
    port.next().grant("s2");
    assertThat(second.admitted).isEqualTo(1);
    admission.release(second);
    Probe third = new Probe();
    admission.acquire(A, third);

    port.next().fail(new IllegalStateException("redis down"));

    assertThat(third.admitted).as("the ring's one slot is the first send's, still in flight")
        .isZero();
    admission.release(first);
    clock.advanceTimeBy(Duration.ofSeconds(60).minusMillis(1));
    port.answerAll(new IllegalStateException("still down"));
    assertThat(third.admitted).as("a window after the first send ended, not before").isZero();
    clock.advanceTimeBy(Duration.ofMillis(1));
    port.answerAll(new IllegalStateException("still down"));
    assertThat(third.admitted).isEqualTo(1);
  }

  @Test
  void afterARestoreTheShareBindsForOneWindowAndThenThePortAlone() {
    // 60 a minute over 3 replicas: a share of 20.
    Admission admission = admission(100, 60, 3, port);
    Probe local = new Probe();
    admission.acquire(A, local);
    port.next().fail(new IllegalStateException("redis down"));
    admission.release(local);
    clock.advanceTimeBy(PROBE);
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Probe p = new Probe();
      probes.add(p);
      if (admission.acquire(A, p)) {
        p.admitted++; // sent at once, as the caller would
      }
    }
    assertThat(probes.stream().filter(p -> p.admitted == 1))
        .as("while the probe is out, the ring's 19 free slots").hasSize(19);

    // A Redis restarted empty grants whatever it is asked.
    port.grantAll();

    assertThat(events).containsExactly("degraded a redis down", "restored a");
    assertThat(probes.stream().filter(p -> p.admitted == 1))
        .as("the share is spent: the probe's grant goes unused").hasSize(19);
    assertThat(port.answered).hasSize(1);
    probes.stream().filter(p -> p.admitted == 1).forEach(admission::release);
    clock.advanceTimeBy(Duration.ofSeconds(55).minusMillis(1));
    port.grantAll();
    assertThat(probes.stream().filter(p -> p.admitted == 1)).hasSize(19);
    clock.advanceTimeBy(Duration.ofMillis(1));
    port.grantAll();
    assertThat(probes.stream().filter(p -> p.admitted == 1))
        .as("the local send's slot frees a minute after it ended, not the others").hasSize(20);
    clock.advanceTimeBy(Duration.ofSeconds(5).minusMillis(1));
    port.grantAll();
    assertThat(probes.stream().filter(p -> p.admitted == 1)).hasSize(20);
    clock.advanceTimeBy(Duration.ofMillis(1));
    port.grantAll();
    assertThat(probes.stream().filter(p -> p.admitted == 1))
        .as("a window after the restore the port alone decides: more than a share").hasSize(60);
  }


  @Test
  void aDegradedLaneSendsNoMoreThanItsShareInAnyWindow() {
    Admission admission = admission(100, 60, 3, port);
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Probe p = new Probe();
      probes.add(p);
      admission.acquire(A, p);
    }
    port.next().fail(new IllegalStateException("redis down"));
    for (int i = 0; i < 20; i++) {
      admission.release(probes.get(i));
    }

    for (int i = 0; i < 11; i++) {
      clock.advanceTimeBy(PROBE);
      port.next().fail(new IllegalStateException("still down"));
    }
    assertThat(probes.stream().filter(p -> p.admitted == 1))
        .as("failed probes add no local sends").hasSize(20);
    clock.advanceTimeBy(PROBE);
    port.next().fail(new IllegalStateException("still down"));

    assertThat(probes.stream().filter(p -> p.admitted == 1))
        .as("the next share a minute after the first ended").hasSize(30);
    assertThat(events).containsExactly("degraded a redis down");
  }

  @Test
  void aDegradedLaneKeepsSendingLocallyWhileItsProbeIsOutstanding() {
    Admission admission = admission(100, 60, 3, port);
    Probe first = new Probe();
    admission.acquire(A, first);
    port.next().fail(new IllegalStateException("redis down"));
    assertThat(first.admitted).as("sent on the fallback ring").isEqualTo(1);
    admission.release(first);

    clock.advanceTimeBy(PROBE.minusMillis(1));
    assertThat(admission.acquire(A, new Probe())).as("before the probe is due").isTrue();
    clock.advanceTimeBy(Duration.ofMillis(1));
    Probe second = new Probe();
    Probe third = new Probe();
    assertThat(admission.acquire(A, second)).as("due: the lane asks first").isFalse();
    ScriptedBudget.Ask probe = port.next();
    assertThat(second.admitted).as("a probe does not hold back the ring").isEqualTo(1);
    assertThat(admission.acquire(A, third)).as("nor a new request").isTrue();

    probe.fail(new IllegalStateException("still down"));

    assertThat(events).as("one report per degraded spell").containsExactly(
        "degraded a redis down");
    assertThat(port.answered).isEmpty();
    clock.advanceTimeBy(PROBE.minusMillis(1));
    admission.acquire(A, new Probe());
    assertThat(port.unanswered()).as("the next probe waits its interval").isZero();
    clock.advanceTimeBy(Duration.ofMillis(1));
    admission.acquire(A, new Probe());
    assertThat(port.unanswered()).isEqualTo(1);
  }

  @Test
  void aProbeAnsweredWithAShortWaitStillWaitsForTheSpentSharesMinute() {
    Admission admission = admission(100, 60, 3, port);
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < 22; i++) {
      Probe p = new Probe();
      probes.add(p);
      admission.acquire(A, p);
    }
    port.next().fail(new IllegalStateException("redis down"));
    for (int i = 0; i < 20; i++) {
      admission.release(probes.get(i));
    }
    // The fallback share (20) is spent: the ring frees a minute after those ends, the probe is
    // due in 5 s. While the probe is out the lane waits for its ring's minute.
    clock.advanceTimeBy(PROBE);
    ScriptedBudget.Ask probe = port.next();

    probe.waitFor(Duration.ofSeconds(1));
    clock.advanceTimeBy(Duration.ofSeconds(1));

    assertThat(events).containsExactly("degraded a redis down", "restored a");
    assertThat(port.unanswered()).as("back on the port after its wait, but for a window after"
        + " the restore the spent share binds too").isZero();
    clock.advanceTimeBy(Duration.ofSeconds(54).minusMillis(1));
    assertThat(port.unanswered()).isZero();
    clock.advanceTimeBy(Duration.ofMillis(1));
    assertThat(port.unanswered()).as("a minute after the share's sends ended").isEqualTo(1);
    port.next().grant("s1");
    assertThat(probes.get(20).admitted).isEqualTo(1);
  }

  @Test
  void aPortThatThrowsDegradesTheLaneLikeAFailedMono() {
    RequestBudget throwing = new RequestBudget() {
      @Override
      public Mono<BudgetDecision> acquire(String key, int perMinute, Duration pendingBound) {
        throw new IllegalArgumentException("bad key: '" + key + "'");
      }

      @Override
      public Mono<Void> answered(String key, String slotId) {
        throw new IllegalStateException("answered must not be called");
      }

      @Override
      public Mono<Void> coolDown(String key, Duration duration) {
        return Mono.error(new IllegalStateException("down"));
      }
    };
    Admission admission = admission(10, 60, 3, throwing);
    Probe t = new Probe();

    admission.acquire(A, t);
    admission.coolDown(B, Duration.ofSeconds(1));

    assertThat(events).contains("degraded a bad key: 'a'");
    assertThat(t.admitted).isEqualTo(1);
    admission.release(t);
  }

  @Test
  void anAskThatCompletesEmptyDegradesTheLaneAndCallsThatOutAsTheCause() {
    RequestBudget empty = new RequestBudget() {
      @Override
      public Mono<BudgetDecision> acquire(String key, int perMinute, Duration pendingBound) {
        return Mono.empty();
      }

      @Override
      public Mono<Void> answered(String key, String slotId) {
        throw new IllegalStateException("answered throws");
      }

      @Override
      public Mono<Void> coolDown(String key, Duration duration) {
        throw new IllegalStateException("coolDown throws");
      }
    };
    Admission admission = admission(10, 60, 3, empty);
    Probe t = new Probe();

    admission.acquire(A, t);

    assertThat(events).containsExactly(
        "degraded a RequestBudget.acquire completed without a decision for a");
    assertThat(t.admitted).as("sent on the fallback ring").isEqualTo(1);
    admission.coolDown(A, Duration.ofSeconds(1));
    assertThat(events).as("a port that throws on coolDown changes nothing locally")
        .endsWith("coolDown a PT1S");
  }

  @Test
  void aSynchronousPortAdmitsWithoutNestingOnTheStack() {
    RequestBudget instant = new RequestBudget() {
      int slot;

      @Override
      public Mono<BudgetDecision> acquire(String key, int perMinute, Duration pendingBound) {
        return Mono.just(new BudgetDecision.Granted("s" + slot++));
      }

      @Override
      public Mono<Void> answered(String key, String slotId) {
        return Mono.empty();
      }

      @Override
      public Mono<Void> coolDown(String key, Duration duration) {
        return Mono.empty();
      }
    };
    Admission admission = admission(1, 60, 3, instant);
    int[] admitted = {0};
    List<Admission.Ticket> tickets = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      tickets.add(new Admission.Ticket() {
        @Override
        void admitted() {
          admitted[0]++;
          // Each request ends at once: its release re-offers the lane inside this admission.
          admission.release(this);
        }
      });
    }
    Probe blocker = new Probe();
    admission.acquire(A, blocker);
    for (Admission.Ticket t : tickets) {
      admission.acquire(A, t);
    }

    admission.release(blocker);

    assertThat(admitted[0]).isEqualTo(20_000);
  }

  @Test
  void aLaneWithoutALimitNeverAsks() {
    Admission admission = admission(10, Admission.UNLIMITED);

    assertThat(admission.acquire(A, new Probe())).isTrue();
    assertThat(port.askCount()).isZero();
  }

  /** A transport the admission never reaches. */
  private static final class NoTransport implements OperationsTransport {
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
  }
}
