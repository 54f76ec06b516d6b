package dev.lropoller.reactor;

import com.google.api.client.http.HttpResponseException;
import com.google.auth.Retryable;
import com.google.auth.oauth2.GoogleCredentials;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.CachingAccessTokenSource;
import dev.lropoller.spi.TransportException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Access tokens from the Google Auth Library, as a non-blocking {@link AccessTokenSource}.
 *
 * <p>The source is a {@link CachingAccessTokenSource}: one refresh at a time for all callers,
 * refreshed {@link CachingAccessTokenSource#DEFAULT_STALE_MARGIN} before expiry, and after a 401
 * once for every caller that held the rejected token. Each refresh calls Google Auth's blocking
 * {@code GoogleCredentials.refresh()} on {@link Schedulers#boundedElastic()}, never on a Netty
 * event loop or a Reactor parallel thread.
 *
 * <p>Errors of a refresh are {@link TransportException}s: retryable when the token endpoint could
 * not be reached or answered 5xx, not retryable when it refused the credentials (such as
 * {@code invalid_grant}) or when no credentials are configured. Messages never contain a token
 * or a key.
 */
public final class GoogleAccessTokens {
  /** The OAuth scope that covers AutoML and Vertex AI. */
  public static final String CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  /** What the error of a missing Application Default Credentials says to do. */
  static final String ADC_HELP =
      "no Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS to the path of a service"
          + " account key file, or run `gcloud auth application-default login`, or run on Google"
          + " Cloud with an attached service account; against an emulator use"
          + " GoogleOperationPoller.builder().noCredentials()";

  /** Runs of 32+ token-like characters are cut from messages we pass on, in case one is a secret. */
  private static final Pattern SECRET_LIKE = Pattern.compile("[A-Za-z0-9._~+/=-]{32,}");

  private GoogleAccessTokens() {}

  /**
   * Tokens from Application Default Credentials, looked up at the first {@code token()} call (on
   * {@code boundedElastic}, since the lookup reads files and may ask the metadata server) and
   * scoped to {@link #CLOUD_PLATFORM_SCOPE} if they need a scope. Building the source does no
   * I/O.
   *
   * <p>If no credentials can be found, every {@code token()} fails with a non-retryable
   * {@link TransportException} that says how to set them up; the lookup is tried again at the
   * next refresh after the source's failure backoff.
   *
   * @return the token source
   */
  public static AccessTokenSource applicationDefault() {
    return create(new CredentialsHolder(null), Schedulers.parallel());
  }

  /**
   * Tokens from the given credentials. Credentials that need a scope are scoped to
   * {@link #CLOUD_PLATFORM_SCOPE}.
   *
   * @param credentials the credentials, such as {@code ServiceAccountCredentials}
   * @return the token source
   * @throws NullPointerException if {@code credentials} is {@code null}
   */
  public static AccessTokenSource fromCredentials(GoogleCredentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return create(new CredentialsHolder(credentials), Schedulers.parallel());
  }

  /** The caching source, reading time from {@code clock} (tests pass a virtual-time scheduler). */
  static CachingAccessTokenSource create(CredentialsHolder holder, Scheduler clock) {
    Mono<AccessToken> refresh =
        Mono.fromCallable(holder::fetch)
            .subscribeOn(Schedulers.boundedElastic())
            .onErrorMap(GoogleAccessTokens::translate);
    return CachingAccessTokenSource.of(
        refresh,
        clock,
        CachingAccessTokenSource.DEFAULT_STALE_MARGIN,
        CachingAccessTokenSource.DEFAULT_EXPIRED_MARGIN);
  }

  /** Turns a refresh failure into a {@link TransportException} that says whether to retry. */
  static TransportException translate(Throwable e) {
    if (e instanceof TransportException t) {
      return t;
    }
    int status = httpStatus(e);
    boolean retryable;
    if (e instanceof Retryable r) {
      retryable = r.isRetryable();
    } else if (status > 0) {
      retryable = TransportException.isRetryableStatus(status) || status == 408;
    } else {
      retryable = e instanceof IOException;
    }
    String detail = redact(e.getMessage());
    if (retryable) {
      return TransportException.transientFailure(
          "could not get a Google access token, will retry: " + e.getClass().getSimpleName()
              + (detail.isEmpty() ? "" : ": " + detail),
          e);
    }
    return TransportException.permanentFailure(
        "the Google token endpoint refused the credentials"
            + (status > 0 ? " (HTTP " + status + ")" : "")
            + "; check that the key or login is valid and not revoked: "
            + e.getClass().getSimpleName() + (detail.isEmpty() ? "" : ": " + detail),
        e);
  }

  private static int httpStatus(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpResponseException h) {
        return h.getStatusCode();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return 0;
  }

  private static String redact(String message) {
    if (message == null) {
      return "";
    }
    String oneLine = message.replaceAll("\\s+", " ").trim();
    if (oneLine.length() > 500) {
      oneLine = oneLine.substring(0, 500) + "...";
    }
    return SECRET_LIKE.matcher(oneLine).replaceAll("<redacted>");
  }

  /**
   * Holds the credentials, finding Application Default Credentials at the first fetch. Only the
   * caching source calls {@link #fetch()}, one call at a time.
   */
  static final class CredentialsHolder {
    private volatile GoogleCredentials credentials;

    CredentialsHolder(GoogleCredentials credentials) {
      this.credentials = credentials == null ? null : scoped(credentials);
    }

    /** Blocking: finds the credentials if needed, then asks the token endpoint for a token. */
    AccessToken fetch() throws IOException {
      GoogleCredentials c = credentials;
      if (c == null) {
        try {
          c = scoped(GoogleCredentials.getApplicationDefault());
        } catch (IOException e) {
          throw TransportException.permanentFailure(ADC_HELP + " (" + redact(e.getMessage()) + ")", null);
        }
        credentials = c;
      }
      com.google.auth.oauth2.AccessToken token;
      try {
        c.refresh();
        token = c.getAccessToken();
      } catch (IllegalStateException unsupported) {
        // Credentials made from a fixed token cannot refresh; use the token they carry.
        token = c.getAccessToken();
        if (token == null) {
          throw TransportException.permanentFailure(
              "the Google credentials " + c.getClass().getSimpleName()
                  + " cannot refresh and carry no token",
              null);
        }
      }
      if (token == null || token.getTokenValue() == null || token.getTokenValue().isEmpty()) {
        throw TransportException.transientFailure(
            "the Google credentials " + c.getClass().getSimpleName() + " gave no access token",
            null);
      }
      Instant expiresAt =
          token.getExpirationTime() == null ? null : token.getExpirationTime().toInstant();
      return AccessToken.of(token.getTokenValue(), expiresAt);
    }

    private static GoogleCredentials scoped(GoogleCredentials c) {
      return c.createScopedRequired() ? c.createScoped(List.of(CLOUD_PLATFORM_SCOPE)) : c;
    }

    /** Names the kind of credentials only. */
    @Override
    public String toString() {
      GoogleCredentials c = credentials;
      return c == null ? "application default credentials (not yet loaded)" : c.getClass().getSimpleName();
    }
  }
}
