package dev.lropoller.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link CredentialsStartupException} into Spring Boot's "APPLICATION FAILED TO START"
 * report (description and action, no stack trace). Registered in {@code META-INF/spring.factories};
 * the same API on Boot 3 and 4.
 */
final class CredentialsFailureAnalyzer extends AbstractFailureAnalyzer<CredentialsStartupException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, CredentialsStartupException cause) {
    return new FailureAnalysis(cause.description(), cause.action(), cause);
  }
}
