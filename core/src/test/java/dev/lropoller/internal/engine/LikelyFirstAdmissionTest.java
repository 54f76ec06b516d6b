package dev.lropoller.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.PollListener;
import dev.lropoller.PollPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The likely-first order of a lane's queue ({@link LikelyFirst}), driven through
 * {@link Admission} under virtual time: the earliest expected end goes first, a ticket that has
 * waited its bound goes before any fresher one, FIFO tickets keep their order, and withdrawn or
 * re-queued tickets are never admitted twice.
 */
class LikelyFirstAdmissionTest {
  private static final String P = "projects/p/locations/l/operations/";
  private static final long MINUTE = Duration.ofMinutes(1).toNanos();

  private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
  private final List<String> admitted = new ArrayList<>();
  private Probe lastAdmitted;

  /** A ticket with an expected end and a bound; it records its admissions. */
  private final class Probe extends Admission.Ticket {
    final String id;
    final long key;
    final long bound;
    int times;

    Probe(String id, long key, long bound) {
      this.id = id;
      this.key = key;
      this.bound = bound;
    }

    @Override
    void admitted() {
      times++;
      admitted.add(id);
      lastAdmitted = this;
    }

    @Override
    long orderBoundNanos() {
      return bound;
    }

    @Override
    long orderKey() {
      return key;
    }
  }

  private Probe ordered(String id, long key) {
    return new Probe(id, key, MINUTE);
  }

  private Probe fifo(String id) {
    return new Probe(id, LikelyFirst.NO_ESTIMATE, -1);
  }

  /** One slot for the whole poller, no rate limit: each release admits the next ticket. */
  private Admission admission() {
    PollingEngine engine = new PollingEngine(new UnusedTransport(), null, PollPolicy.defaults(),
        clock, new PollListener() { }, 1, Admission.UNLIMITED, Map.of());
    return new Admission(1, Admission.UNLIMITED, Map.of(), clock, engine);
  }

  @Test
  void theRunExpectedToEndFirstGoesFirst() {
    Admission admission = admission();
    Probe holder = fifo("holder");
    admission.acquire(P + 0, holder);
    Probe late = ordered("late", 500);
    Probe early = ordered("early", 100);
    Probe middle = ordered("middle", 300);
    admission.acquire(P + 1, late);
    admission.acquire(P + 2, early);
    admission.acquire(P + 3, middle);

    admission.release(holder);
    admission.release(early);
    admission.release(middle);

    assertThat(admitted).containsExactly("early", "middle", "late");
  }

  @Test
  void equalExpectedEndsGoOldestFirst() {
    Admission admission = admission();
    Probe holder = fifo("holder");
    admission.acquire(P + 0, holder);
    Probe first = ordered("first", 100);
    Probe second = ordered("second", 100);
    admission.acquire(P + 1, first);
    admission.acquire(P + 2, second);

    admission.release(holder);
    admission.release(first);

    assertThat(admitted).containsExactly("first", "second");
  }

  @Test
  void overdueTicketsGoOldestFirstWhateverTheirExpectedEnds() {
    Admission admission = admission();
    Probe holder = fifo("holder");
    admission.acquire(P + 0, holder);
    for (int i = 0; i < 5; i++) {
      admission.acquire(P + (i + 1), ordered("t" + i, 10 - i));
    }
    clock.advanceTimeBy(Duration.ofSeconds(61));

    admission.release(holder);
    for (int i = 0; i < 4; i++) {
      admission.release(lastAdmitted);
    }

    assertThat(admitted).containsExactly("t0", "t1", "t2", "t3", "t4");
    assertThat(admission.longestOrderedWait()).isEqualTo(Duration.ofSeconds(61));
  }

  @Test
  void aFloodOfLikelierRequestsHoldsAWaitingOneNoLongerThanItsBound() {
    Admission admission = admission();
    Probe holder = fifo("holder");
    admission.acquire(P + 0, holder);
    lastAdmitted = holder;
    Probe unlikely = ordered("unlikely", 1_000_000);
    admission.acquire(P + 1, unlikely);
    // Every 10 s a likelier request arrives and the slot frees: the flood alone would fill it.
    for (int i = 0; i < 9; i++) {
      clock.advanceTimeBy(Duration.ofSeconds(10));
      admission.acquire(P + 2, ordered("likely" + i, i));
      admission.release(lastAdmitted);
    }

    assertThat(admitted).containsExactly("likely0", "likely1", "likely2", "likely3", "likely4",
        "unlikely", "likely5", "likely6", "likely7");
    assertThat(admission.longestOrderedWait()).as("the bound, to the nanosecond")
        .isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void withoutAimingTheQueueStaysFifo() {
    Admission admission = admission();
    Probe holder = fifo("holder");
    admission.acquire(P + 0, holder);
    Probe a = new Probe("a", 900, -1);
    Probe b = new Probe("b", 1, -1);
    admission.acquire(P + 1, a);
    admission.acquire(P + 2, b);

    admission.release(holder);
    admission.release(a);

    assertThat(admitted).containsExactly("a", "b");
    assertThat(admission.longestOrderedWait()).as("no ordered queue was used").isZero();
  }

  /** A ticket as the engine's own non-aiming ones are: no order of its own. */
  private final class Plain extends Admission.Ticket {
    final String id;

    Plain(String id) {
      this.id = id;
    }

    @Override
    void admitted() {
      admitted.add(id);
    }
  }

  @Test
  void aTicketWithoutAnOrderOfItsOwnNeverStartsTheOrderedQueue() {
    Admission admission = admission();
    Plain holder = new Plain("holder");
    admission.acquire(P + 0, holder);
    Plain a = new Plain("a");
    admission.acquire(P + 1, a);
    admission.acquire(P + 2, new Plain("b"));
    clock.advanceTimeBy(Duration.ofSeconds(5));

    admission.release(holder);
    admission.release(a);

    assertThat(admitted).containsExactly("a", "b");
    assertThat(admission.longestOrderedWait()).isZero();
  }

  @Test
  void anEngineTicketWithoutAnOrderQueuedBehindAnOrderedOneIsDueAtOnce() {
    Admission admission = admission();
    Probe holder = fifo("holder");
    admission.acquire(P + 0, holder);
    admission.acquire(P + 1, ordered("aimed", 1));
    Plain plain = new Plain("plain");
    admission.acquire(P + 2, plain);

    admission.release(holder);
    admission.release(plain);

    // Its defaults (no bound, no estimate) keep it FIFO: due now, before the aimed one's bound.
    assertThat(admitted).containsExactly("plain", "aimed");
  }

  @Test
  void fifoTicketsQueuedBeforeTheFirstOrderedOneGoFirstAndLaterOnesAreDueAtOnce() {
    Admission admission = admission();
    Probe holder = fifo("holder");
    admission.acquire(P + 0, holder);
    Probe before = fifo("before");
    admission.acquire(P + 1, before);
    Probe aimed = ordered("aimed", 1);
    admission.acquire(P + 2, aimed);
    Probe after = fifo("after");
    admission.acquire(P + 3, after);

    admission.release(holder);
    admission.release(before);
    admission.release(after);

    // "after" has bound zero: its deadline (now) is before "aimed"'s (now + 1 min).
    assertThat(admitted).containsExactly("before", "after", "aimed");
  }

  @Test
  void aWithdrawnTicketIsSkippedAndTheLaneEmpties() {
    Admission admission = admission();
    Probe holder = fifo("holder");
    admission.acquire(P + 0, holder);
    Probe withdrawn = ordered("withdrawn", 1);
    Probe next = ordered("next", 2);
    admission.acquire(P + 1, withdrawn);
    admission.acquire(P + 2, next);

    assertThat(admission.withdraw(withdrawn)).isTrue();
    clock.advanceTimeBy(Duration.ofMinutes(2));
    admission.release(holder);
    admission.release(next);

    assertThat(admitted).containsExactly("next");
    assertThat(admission.acquire(P + 3, fifo("free"))).as("nothing waits any more").isTrue();
  }

  @Test
  void aTicketQueuedAgainIsAdmittedByItsNewPlaceOnly() {
    Admission admission = admission();
    Probe holder = fifo("holder");
    admission.acquire(P + 0, holder);
    Probe again = ordered("again", 1);
    Probe other = ordered("other", 2);
    admission.acquire(P + 1, again);
    admission.acquire(P + 2, other);
    admission.release(holder);
    admission.release(again);
    // "again" went by its key; its entry by deadline (1 min) stays behind, stale, and is overdue
    // once the minute is over. Queue it again then: only its new place (due at 2 min) counts.
    clock.advanceTimeBy(Duration.ofSeconds(61));
    admission.acquire(P + 1, again);
    Probe likelier = ordered("likelier", 0);
    admission.acquire(P + 3, likelier);

    admission.release(other);
    admission.release(likelier);

    assertThat(admitted).containsExactly("again", "other", "likelier", "again");
    assertThat(again.times).isEqualTo(2);
  }
}
