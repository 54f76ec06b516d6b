package dev.lropoller.spring;

import com.google.auth.oauth2.GoogleCredentials;
import dev.lropoller.reactor.GoogleAccessTokens;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.io.Resource;

/**
 * Resolves credentials for the poller and, with {@code lropoller.credentials.fail-fast}, proves
 * at startup that they give an access token. Runs on the thread creating the bean (Boot's main
 * thread), never on an event loop. A failure of the check is a {@link CredentialsStartupException},
 * which Boot reports as "APPLICATION FAILED TO START"; an unreadable credentials file is an
 * invalid {@code lropoller.credentials.location} value. Messages never carry a token.
 */
final class CredentialsCheck {
  static final String ENABLED = LroPollerProperties.PREFIX + ".credentials.enabled";
  static final String FAIL_FAST = LroPollerProperties.PREFIX + ".credentials.fail-fast";
  static final String LOCATION = LroPollerProperties.PREFIX + ".credentials.location";

  private CredentialsCheck() {}

  /**
   * The credentials to give the builder: the bean when there is one; else, with fail-fast, the
   * Application Default Credentials resolved now; else {@code null} (the builder looks up
   * Application Default Credentials at the first request).
   */
  static GoogleCredentials resolve(
      GoogleCredentials bean, Resource location, PropertyResolver env, boolean failFast) {
    GoogleCredentials given = bean != null ? bean : fromLocation(location, env);
    if (!failFast) {
      return given;
    }
    String source = bean != null ? "the GoogleCredentials bean"
        : given != null ? LOCATION + " " + location.getDescription()
        : "Application Default Credentials";
    GoogleCredentials credentials = given != null ? given : applicationDefault();
    if (credentials.createScopedRequired()) {
      credentials = credentials.createScoped(List.of(GoogleAccessTokens.CLOUD_PLATFORM_SCOPE));
    }
    try {
      credentials.refreshIfExpired();
    } catch (IOException | RuntimeException e) {
      throw new CredentialsStartupException(
          "Google credentials (" + source + ", " + credentials.getClass().getSimpleName()
              + ") did not give an access token at startup, checked because " + FAIL_FAST
              + "=true: " + e.getMessage() + ".",
          "Fix the credentials, or set " + ENABLED + "=false for an emulator.",
          e);
    }
    return credentials;
  }

  /** Reads the file of {@code lropoller.credentials.location}, or {@code null} when not set. */
  private static GoogleCredentials fromLocation(Resource location, PropertyResolver env) {
    if (location == null) {
      return null;
    }
    try (InputStream in = location.getInputStream()) {
      return GoogleCredentials.fromStream(in);
    } catch (IOException | RuntimeException e) {
      // The message names the file and what is wrong with it, never its content.
      throw new InvalidConfigurationPropertyValueException(LOCATION,
          PollerSettings.shown(env, LOCATION, location.getDescription()),
          "cannot read Google credentials from it: " + e.getMessage());
    }
  }

  private static GoogleCredentials applicationDefault() {
    try {
      return GoogleCredentials.getApplicationDefault();
    } catch (IOException e) {
      throw new CredentialsStartupException(
          "No Google credentials found, checked at startup because " + FAIL_FAST + "=true: "
              + e.getMessage(),
          "Set " + LOCATION + " to a service account key file (such as file:/secrets/sa.json),"
              + " define a GoogleCredentials bean, set GOOGLE_APPLICATION_CREDENTIALS or run"
              + " 'gcloud auth application-default login'; or set " + ENABLED
              + "=false for an emulator.",
          e);
    }
  }
}
