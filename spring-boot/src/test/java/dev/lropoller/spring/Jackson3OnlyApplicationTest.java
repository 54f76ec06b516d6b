package dev.lropoller.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lropoller.OperationPoller;
import dev.lropoller.error.OperationFailedException;
import dev.lropoller.model.ModelRef;
import dev.lropoller.model.Operation;
import dev.lropoller.model.RpcStatus;
import dev.lropoller.spring.test.AutoConfigureOperationEmulator;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Jackson decision of the README's Architecture section, proven: a Spring Boot 4 WebFlux
 * application on Boot's default Jackson 3, whose own code names no Jackson 2 type, returns
 * {@code Operation}, {@code ModelRef} and operation errors from controllers and reads what it
 * needs (state, progress, model name, error code and message, raw JSON) through typed accessors.
 * "Names no Jackson 2 type" is checked on the compiled classes, so a call such as
 * {@code op.json().toString()}, which imports nothing but binds the code to Jackson 2, counts.
 */
@SpringBootTest(classes = Jackson3OnlyApplicationTest.UserApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureOperationEmulator
class Jackson3OnlyApplicationTest {
  private static final String PARENT = "projects/my-project/locations/us-central1";
  private static final String OPERATIONS = PARENT + "/operations/";

  // ---- the user's application: lro-poller and Spring types only ----

  /** A Boot application that configures nothing about JSON. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(UserController.class)
  static class UserApplication {}

  /** What a user's view of an operation looks like: plain values, written by Boot's Jackson 3. */
  record OperationView(String name, boolean done, int progressPercent, String errorCode,
      String errorMessage, String rawJson) {}

  /** A model as a user shows it. */
  record ModelView(String name, String displayName, String rawJson) {}

  /** A failed operation's status as a user shows it. */
  record FailureView(String code, int codeNumber, String message) {}

  @RestController
  static class UserController {
    private final OperationPoller poller;

    UserController(OperationPoller poller) {
      this.poller = poller;
    }

    /** The operation itself, as the API sent it. */
    @GetMapping("/operations/{id}")
    Mono<Operation> operation(@PathVariable String id) {
      return poller.get(OPERATIONS + id);
    }

    /** The trained model itself; a failed training becomes the starter's problem response. */
    @GetMapping("/operations/{id}/model")
    Mono<ModelRef> model(@PathVariable String id) {
      return poller.model(OPERATIONS + id);
    }

    /** The last snapshot, read through typed accessors. */
    @GetMapping("/operations/{id}/view")
    Mono<OperationView> view(@PathVariable String id) {
      return poller.poll(OPERATIONS + id).last().map(op -> new OperationView(
          op.name(), op.done(), op.progressPercent().orElse(-1),
          op.error().map(e -> e.code().name()).orElse(null),
          op.error().map(RpcStatus::message).orElse(null),
          op.rawJson()));
    }

    /** The model, read through typed accessors. */
    @GetMapping("/operations/{id}/model-view")
    Mono<ModelView> modelView(@PathVariable String id) {
      return poller.model(OPERATIONS + id)
          .map(m -> new ModelView(m.name(), m.displayName(), m.rawJson()));
    }

    /** A failure, caught and read by the user's own code. */
    @GetMapping("/operations/{id}/failure")
    Mono<FailureView> failure(@PathVariable String id) {
      return poller.completion(OPERATIONS + id)
          .then(Mono.<FailureView>empty())
          .onErrorResume(OperationFailedException.class, e -> Mono.just(new FailureView(
              e.status().code().name(), e.status().codeNumber(), e.status().message())));
    }
  }

  // ---- the test ----

  @Autowired AutoMlEmulator emulator;
  @Autowired ApplicationContext context;
  @LocalServerPort int port;
  WebTestClient client;
  private final JsonMapper jackson3 = JsonMapper.builder().build();

  @BeforeEach
  void client() {
    client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(20)).build();
  }

  private String start(OperationScript.Builder script) {
    String name = emulator.startOperation(script.parent(PARENT).build());
    return name.substring(name.lastIndexOf('/') + 1);
  }

  @Test
  void theUsersClassesReferenceNoJackson2Type() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Class<?> type : List.of(UserApplication.class, UserController.class,
        OperationView.class, ModelView.class, FailureView.class)) {
      // Class-file constant pools hold every referenced type's internal name as UTF-8.
      if (constantsOf(type).contains("com/fasterxml/jackson")) {
        offenders.add(type.getName());
      }
    }
    assertThat(offenders).isEmpty();
    // The check can fail: this test class itself names Jackson 3 and lro-poller types only, but
    // a class that calls json() names com/fasterxml/jackson/databind/JsonNode.
    assertThat(constantsOf(ModelRef.class)).contains("com/fasterxml/jackson/databind/JsonNode");
  }

  @Test
  void bootsWebCodecsRunOnJackson3AndTheAppHasNoJackson2Mapper() {
    assertThat(context.getBeanNamesForType(JsonMapper.class)).isNotEmpty();
    assertThat(context.getBeanNamesForType(LroPollerJacksonModule.class)).isNotEmpty();
    assertThat(context.getBeanNamesForType(com.fasterxml.jackson.databind.ObjectMapper.class))
        .as("no Jackson 2 mapper bean in a Boot 4 application")
        .isEmpty();
  }

  @Test
  void returnsTheOperationAndReadsItsStateProgressAndRawJson() {
    String id = start(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .displayName("flowers_v3").doneAfterPolls(4));

    client.get().uri("/operations/{id}", id).exchange()
        .expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$.name").isEqualTo(OPERATIONS + id)
        .jsonPath("$.metadata.progressPercent").isEqualTo(25);

    OperationView view = client.get().uri("/operations/{id}/view", id).exchange()
        .expectStatus().isOk()
        .expectBody(OperationView.class).returnResult().getResponseBody();

    assertThat(view.name()).isEqualTo(OPERATIONS + id);
    assertThat(view.done()).isTrue();
    assertThat(view.progressPercent()).isEqualTo(100);
    assertThat(view.errorCode()).isNull();
    JsonNode raw = jackson3.readTree(view.rawJson());
    assertThat(raw.get("done").asBoolean()).isTrue();
    assertThat(raw.get("response").get("displayName").asString()).isEqualTo("flowers_v3");
  }

  @Test
  void returnsTheModelAndReadsItsNameAndRawJson() {
    String id = start(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .displayName("flowers_v4").doneAfterPolls(2));

    client.get().uri("/operations/{id}/model", id).exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.displayName").isEqualTo("flowers_v4")
        .jsonPath("$['@type']").isEqualTo("type.googleapis.com/google.cloud.automl.v1.Model");

    ModelView view = client.get().uri("/operations/{id}/model-view", id).exchange()
        .expectStatus().isOk()
        .expectBody(ModelView.class).returnResult().getResponseBody();

    assertThat(view.name()).startsWith(PARENT + "/models/");
    assertThat(view.displayName()).isEqualTo("flowers_v4");
    Map<String, Object> raw = jackson3.readValue(view.rawJson(), new TypeReference<Map<String, Object>>() {});
    assertThat(raw).containsEntry("name", view.name()).containsEntry("displayName", "flowers_v4");
  }

  @Test
  void aFailedOperationIsAProblemOrTheUsersOwnTypedView() {
    String id = start(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
        .failure(9, "Training budget exhausted").doneAfterPolls(2));

    client.get().uri("/operations/{id}/model", id).exchange()
        .expectStatus().isEqualTo(422)
        .expectBody()
        .jsonPath("$.rpcCode").isEqualTo("FAILED_PRECONDITION")
        .jsonPath("$.rpcMessage").isEqualTo("Training budget exhausted");
    client.get().uri("/operations/{id}/failure", id).exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.code").isEqualTo("FAILED_PRECONDITION")
        .jsonPath("$.codeNumber").isEqualTo(9)
        .jsonPath("$.message").isEqualTo("Training budget exhausted");
    OperationView view = client.get().uri("/operations/{id}/view", id).exchange()
        .expectStatus().isOk()
        .expectBody(OperationView.class).returnResult().getResponseBody();
    assertThat(view.errorCode()).isEqualTo("FAILED_PRECONDITION");
    assertThat(view.errorMessage()).isEqualTo("Training budget exhausted");
  }

  private static String constantsOf(Class<?> type) throws IOException {
    String resource = type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
