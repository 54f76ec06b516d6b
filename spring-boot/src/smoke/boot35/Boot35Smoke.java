import dev.lropoller.spring.sample.TrainingApplication;
import dev.lropoller.spring.test.OperationEmulatorConfiguration;
import dev.lropoller.testing.emulator.AutoMlEmulator;
import dev.lropoller.testing.emulator.AutoMlRpc;
import dev.lropoller.testing.emulator.OperationScript;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

/** Manual smoke: the starter and the sample application on Spring Boot 3.5.x. */
public class Boot35Smoke {
  public static void main(String[] args) {
    ConfigurableApplicationContext ctx = new SpringApplicationBuilder(
            TrainingApplication.class, OperationEmulatorConfiguration.class)
        .properties("server.port=0", "lropoller.credentials.enabled=false",
            "management.endpoint.health.show-details=always")
        .run();
    int failures = 0;
    try {
      System.out.println("Spring Boot " + SpringBootVersion.getVersion());
      AutoMlEmulator em = ctx.getBean(AutoMlEmulator.class);
      int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
      WebClient c = WebClient.create("http://127.0.0.1:" + port);
      String parent = "projects/my-project/locations/us-central1";
      String ok = id(em.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
          .parent(parent).displayName("flowers").doneAfterPolls(3).build()));
      String failed = id(em.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
          .parent(parent).failure(9, "budget").doneAfterPolls(2).build()));
      String ok2 = id(em.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
          .parent(parent).displayName("flowers2").doneAfterPolls(2).build()));

      List<String> events = c.get().uri("/trainings/{id}/events", ok)
          .accept(MediaType.TEXT_EVENT_STREAM).retrieve()
          .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
          .map(e -> e.event() + " " + e.data()).collectList().block(Duration.ofSeconds(20));
      System.out.println("SSE ok: " + events);
      failures += check(events.size() == 3 && events.get(2).startsWith("done"), "sse done");

      String model = c.get().uri("/trainings/{id}/model", ok2).retrieve()
          .bodyToMono(String.class).block(Duration.ofSeconds(20));
      System.out.println("model: " + model);
      failures += check(model.contains("\"displayName\":\"flowers2\""), "model json (Jackson 2)");

      String problem = c.get().uri("/trainings/{id}/model", failed)
          .exchangeToMono(r -> r.bodyToMono(String.class).map(b -> r.statusCode().value() + " " + b))
          .block(Duration.ofSeconds(20));
      System.out.println("failed: " + problem);
      failures += check(problem.startsWith("422") && problem.contains("FAILED_PRECONDITION"), "422");

      String bad = c.get().uri("/trainings/{id}/model", "bad id")
          .exchangeToMono(r -> r.bodyToMono(String.class).map(b -> r.statusCode().value() + " " + b))
          .block(Duration.ofSeconds(20));
      System.out.println("malformed: " + bad);
      failures += check(bad.startsWith("400"), "400");

      String health = c.get().uri("/actuator/health").retrieve().bodyToMono(String.class)
          .block(Duration.ofSeconds(20));
      System.out.println("health: " + health);
    } finally {
      ctx.close();
    }
    System.out.println(failures == 0 ? "SMOKE OK" : "SMOKE FAILED: " + failures);
    System.exit(failures == 0 ? 0 : 1);
  }

  static String id(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  static int check(boolean ok, String what) {
    System.out.println((ok ? "PASS " : "FAIL ") + what);
    return ok ? 0 : 1;
  }
}
