package dev.lropoller.spring.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The README's WebFlux sample as a real application: only the starter configures the poller. */
@SpringBootApplication
public class TrainingApplication {
  public static void main(String[] args) {
    SpringApplication.run(TrainingApplication.class, args);
  }
}
