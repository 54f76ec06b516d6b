package dev.lropoller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.testing.FakeOperationsTransport.Kind;
import dev.lropoller.testing.FakeOperationsTransport.RecordedCall;
import dev.lropoller.testing.OperationJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListTest {
  private static final String PARENT = "projects/p/locations/us-central1";
  private final Fixture f = new Fixture();
  private final OperationPoller poller = f.poller(Fixture.exact());

  private static String op(int i) {
    return OperationJson.running(PARENT + "/operations/OP" + i, i);
  }

  @Test
  void pagesAreFetchedInOrderAndOnlyOnDemand() {
    f.fake.listPages(PARENT, List.of(List.of(op(1), op(2)), List.of(op(3), op(4)), List.of(op(5))));

    f.verify(() -> poller.list(PARENT, "done=false"), 2)
        .assertNext(op -> assertThat(op.id()).isEqualTo("OP1"))
        .assertNext(op -> assertThat(op.id()).isEqualTo("OP2"))
        .then(() -> assertThat(f.fake.count(Kind.LIST)).isEqualTo(1))
        .thenRequest(Long.MAX_VALUE)
        .assertNext(op -> assertThat(op.id()).isEqualTo("OP3"))
        .assertNext(op -> assertThat(op.id()).isEqualTo("OP4"))
        .assertNext(op -> assertThat(op.id()).isEqualTo("OP5"))
        .verifyComplete();

    assertThat(f.fake.calls()).extracting(RecordedCall::pageToken).containsExactly("", "page-2", "page-3");
  }
}
