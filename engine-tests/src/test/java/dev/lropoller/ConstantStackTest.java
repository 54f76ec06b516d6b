package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.OperationsTransport;
import dev.lropoller.testing.FakeOperationsTransport;
import dev.lropoller.testing.FakeOperationsTransport.Script;
import dev.lropoller.testing.OperationJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Issue 7, item 6: retries and pages are loops. 10,000 transient failures in a row and 10,000
 * pages end normally, and the stack is as deep at the last request as at the first.
 */
class ConstantStackTest {
  private static final int MANY = 10_000;
  private static final String PARENT = "projects/p/locations/us-central1";
  private final Fixture f = new Fixture();

  /** Records the stack depth of every call before passing it on to the fake. */
  private static final class DepthProbe implements OperationsTransport {
    final List<Integer> depths = new CopyOnWriteArrayList<>();
    private final FakeOperationsTransport fake;

    DepthProbe(FakeOperationsTransport fake) {
      this.fake = fake;
    }

    private void probe() {
      depths.add(depth());
    }

    @Override
    public Mono<byte[]> getOperation(String name, AccessToken token) {
      probe();
      return fake.getOperation(name, token);
    }

    @Override
    public Mono<byte[]> listOperations(
        String parent, String filter, String pageToken, AccessToken token) {
      probe();
      return fake.listOperations(parent, filter, pageToken, token);
    }

    @Override
    public Mono<Void> cancelOperation(String name, AccessToken token) {
      return fake.cancelOperation(name, token);
    }

    @Override
    public Mono<Void> deleteOperation(String name, AccessToken token) {
      return fake.deleteOperation(name, token);
    }
  }

  private final DepthProbe probe = new DepthProbe(f.fake);
  /** The stack depth where the result reached the subscriber. */
  private final List<Integer> resultDepths = new CopyOnWriteArrayList<>();

  private static int depth() {
    return StackWalker.getInstance().walk(frames -> (int) frames.count());
  }
  private final OperationPoller poller = OperationPoller.builder(probe)
      .policy(PollPolicy.fixed(Duration.ofSeconds(1)).withMaxConsecutiveFailures(MANY + 1))
      .scheduler(f.vts)
      .build();

  /** Every request, and the delivery of the result, as deep as the first request, give or take. */
  private void assertConstantStack(int calls) {
    assertThat(probe.depths).hasSize(calls);
    int first = probe.depths.get(0);
    assertThat(probe.depths.stream().mapToInt(Integer::intValue).max().orElseThrow())
        .as("deepest request vs the first one's %d frames", first)
        .isLessThanOrEqualTo(first + 20);
    assertThat(resultDepths).isNotEmpty();
    assertThat(resultDepths.stream().mapToInt(Integer::intValue).max().orElseThrow())
        .as("deepest delivery of a result vs the first request's %d frames", first)
        .isLessThanOrEqualTo(first + 40);
  }

  @Test
  void tenThousandTransientFailuresInARowInAWatch() {
    Script script = f.fake.script(Fixture.NAME);
    for (int i = 0; i < MANY; i++) {
      script.httpError(503);
    }
    script.doneEmpty();

    f.verify(() -> poller.poll(Fixture.NAME).doOnNext(op -> resultDepths.add(depth())))
        .thenAwait(Duration.ofSeconds(MANY + 1))
        .assertNext(op -> assertThat(op.done()).isTrue())
        .expectComplete()
        .verify(Duration.ofSeconds(30));
    assertConstantStack(MANY + 1);
  }

  @Test
  void tenThousandTransientFailuresInARowInAGet() {
    Script script = f.fake.script(Fixture.NAME);
    for (int i = 0; i < MANY; i++) {
      script.reset();
    }
    script.running(5);

    f.verify(() -> poller.get(Fixture.NAME).doOnNext(op -> resultDepths.add(depth())))
        .thenAwait(Duration.ofSeconds(MANY + 1))
        .assertNext(op -> assertThat(op.progressPercent()).hasValue(5))
        .expectComplete()
        .verify(Duration.ofSeconds(30));
    assertConstantStack(MANY + 1);
  }

  @Test
  void tenThousandPages() {
    List<List<String>> pages = new ArrayList<>();
    for (int i = 0; i < MANY; i++) {
      pages.add(List.of(OperationJson.running(PARENT + "/operations/OP" + i, 1)));
    }
    f.fake.listPages(PARENT, pages);

    List<String> ids = new ArrayList<>();
    f.verify(() -> poller.list(PARENT, "").doOnNext(op -> resultDepths.add(depth())))
        .thenConsumeWhile(op -> ids.add(op.id()))
        .expectComplete()
        .verify(Duration.ofSeconds(30));
    assertThat(ids).hasSize(MANY).startsWith("OP0", "OP1").endsWith("OP" + (MANY - 1));
    assertConstantStack(MANY);
  }
}
