package dev.lropoller.readme;

import dev.lropoller.ModelRef;
import dev.lropoller.OperationPoller;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

// README: "Inside a WebFlux handler". Keep in sync with README.md.
@RestController
class TrainingController {
  private static final String OPERATIONS = "projects/my-project/locations/us-central1/operations/";
  private final OperationPoller poller;

  TrainingController(OperationPoller poller) {
    this.poller = poller;
  }

  /** Server-sent events: one progress value per poll, until the operation is done. */
  @GetMapping(path = "/trainings/{id}/progress", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<Integer> progress(@PathVariable String id) {
    return poller.poll(OPERATIONS + id).map(op -> op.progressPercent().orElse(0));
  }

  /** Completes when training ends: the model's name, or an error the handler maps to a status. */
  @GetMapping("/trainings/{id}/model")
  Mono<String> model(@PathVariable String id) {
    return poller.model(OPERATIONS + id).map(ModelRef::name);
  }
}
