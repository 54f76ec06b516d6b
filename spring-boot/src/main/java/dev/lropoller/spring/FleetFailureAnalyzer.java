package dev.lropoller.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link FleetStartupException} into Spring Boot's "APPLICATION FAILED TO START" report
 * (description and action, no stack trace). Registered in {@code META-INF/spring.factories}; the
 * same API on Boot 3 and 4.
 */
final class FleetFailureAnalyzer extends AbstractFailureAnalyzer<FleetStartupException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, FleetStartupException cause) {
    return new FailureAnalysis(cause.description(), cause.action(), cause);
  }
}
