package dev.lropoller.spring;

import com.google.auth.oauth2.GoogleCredentials;
import dev.lropoller.reactor.GoogleAccessTokens;
import java.io.IOException;
import java.util.List;

/**
 * Resolves credentials for the poller and, with {@code lropoller.credentials.fail-fast}, proves
 * at startup that they give an access token. Runs on the thread creating the bean (Boot's main
 * thread), never on an event loop. Messages never carry a token.
 */
final class CredentialsCheck {
  static final String ENABLED = LroPollerProperties.PREFIX + ".credentials.enabled";
  static final String FAIL_FAST = LroPollerProperties.PREFIX + ".credentials.fail-fast";

  private CredentialsCheck() {}

  /**
   * The credentials to give the builder: the bean when there is one; else, with fail-fast, the
   * Application Default Credentials resolved now; else {@code null} (the builder looks up
   * Application Default Credentials at the first request).
   */
  static GoogleCredentials resolve(GoogleCredentials bean, boolean failFast) {
    if (!failFast) {
      return bean;
    }
    GoogleCredentials credentials = bean != null ? bean : applicationDefault();
    if (credentials.createScopedRequired()) {
      credentials = credentials.createScoped(List.of(GoogleAccessTokens.CLOUD_PLATFORM_SCOPE));
    }
    try {
      credentials.refreshIfExpired();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "Google credentials (" + describe(credentials, bean) + ") did not give an access token"
              + " at startup, checked because " + FAIL_FAST + "=true: " + e.getMessage()
              + ". Fix the credentials, or set " + ENABLED + "=false for an emulator.",
          e);
    }
    return credentials;
  }

  private static GoogleCredentials applicationDefault() {
    try {
      return GoogleCredentials.getApplicationDefault();
    } catch (IOException e) {
      throw new IllegalStateException(
          "No Google credentials found, checked at startup because " + FAIL_FAST + "=true: "
              + e.getMessage() + " Define a GoogleCredentials bean, set"
              + " GOOGLE_APPLICATION_CREDENTIALS or run 'gcloud auth application-default login',"
              + " or set " + ENABLED + "=false for an emulator.",
          e);
    }
  }

  private static String describe(GoogleCredentials credentials, GoogleCredentials bean) {
    String source = bean != null ? "the GoogleCredentials bean" : "Application Default Credentials";
    return source + ", " + credentials.getClass().getSimpleName();
  }
}
