package dev.lropoller.spring.sample;

// README: controller
import dev.lropoller.OperationPoller;
import dev.lropoller.model.ModelRef;
import dev.lropoller.model.Operation;
import dev.lropoller.spring.OperationEvents;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
class TrainingController {
  private static final String OPERATIONS = "projects/my-project/locations/us-central1/operations/";
  private final OperationPoller poller;   // auto-configured by the starter

  TrainingController(OperationPoller poller) {
    this.poller = poller;
  }

  /** Typed server-sent events: progress..., then done, failed or cancelled (or error). */
  @GetMapping(path = "/trainings/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<Object>> events(@PathVariable String id) {
    return OperationEvents.watch(poller, OPERATIONS + id);
  }

  /** The trained model as JSON once training ends; a failed training answers 422. */
  @GetMapping("/trainings/{id}/model")
  Mono<ModelRef> model(@PathVariable String id) {
    return poller.model(OPERATIONS + id);
  }

  /** The operation as the API shows it now. */
  @GetMapping("/trainings/{id}")
  Mono<Operation> operation(@PathVariable String id) {
    return poller.get(OPERATIONS + id);
  }
}
// README: end
