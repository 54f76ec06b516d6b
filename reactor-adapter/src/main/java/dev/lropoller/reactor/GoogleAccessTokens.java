package dev.lropoller.reactor;

import com.google.api.client.http.HttpResponseException;
import com.google.auth.Retryable;
import com.google.auth.oauth2.GoogleCredentials;
import dev.lropoller.PollListener;
import dev.lropoller.spi.AccessToken;
import dev.lropoller.spi.AccessTokenSource;
import dev.lropoller.spi.CachingAccessTokenSource;
import dev.lropoller.spi.TransportException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Access tokens from the Google Auth Library, as a non-blocking {@link AccessTokenSource}.
 *
 * <p>The source is a {@link CachingAccessTokenSource}: one refresh at a time for all callers,
 * refreshed {@link CachingAccessTokenSource#DEFAULT_STALE_MARGIN} before expiry, and after a 401
 * once for every caller that held the rejected token; a refresh that does not answer within
 * {@link CachingAccessTokenSource#DEFAULT_REFRESH_TIMEOUT} is abandoned. Each refresh calls Google
 * Auth's blocking {@code GoogleCredentials.refreshAccessToken()} on
 * {@link Schedulers#boundedElastic()}, never on a Netty event loop or a Reactor parallel thread.
 *
 * <p>Errors of a refresh are {@link TransportException}s:
 *
 * <ul>
 *   <li>retryable when the token endpoint could not be reached, answered 408, 429 or 5xx, or did
 *       not answer within {@link CachingAccessTokenSource#DEFAULT_REFRESH_TIMEOUT};
 *   <li>{@linkplain TransportException#credentialsFailure credentials failures} (which the poller
 *       reports as {@code CredentialsException}) when no credentials are configured, the key
 *       cannot be read or used, or the token endpoint refused the credentials (such as HTTP 400
 *       {@code invalid_grant});
 *   <li>permanent otherwise (an error of Google Auth that is neither I/O nor about the
 *       credentials, such as an empty 200 answer it cannot parse).
 * </ul>
 *
 * <p>Messages never contain a token or a key: runs of 32 or more token-like characters are cut,
 * and so are the query, fragment and user info of URLs, while the rest of a URL (such as the
 * link to the ADC set-up guide) is kept as it is.
 */
public final class GoogleAccessTokens {
  /** The OAuth scope that covers AutoML and Vertex AI. */
  public static final String CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  /** What the error of a missing Application Default Credentials says to do. */
  static final String ADC_HELP =
      "no usable Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS to the path of a"
          + " readable service account key file, or run `gcloud auth application-default login`,"
          + " or run on Google Cloud with an attached service account; against an emulator use"
          + " GoogleOperationPoller.builder().noCredentials()";

  /** Runs of 32+ token-like characters are cut from messages we pass on: one may be a secret. */
  private static final Pattern SECRET_LIKE = Pattern.compile("[A-Za-z0-9._~+/=-]{32,}");
  /** A URL in a message: {@link #redact} keeps it readable, except the parts that may be secret. */
  private static final Pattern URL = Pattern.compile("(?i)\\bhttps?://[^\\s\"'<>()\\[\\]{}]+");

  private GoogleAccessTokens() {}

  /**
   * Tokens from Application Default Credentials, looked up at the first {@code token()} call (on
   * {@code boundedElastic}, since the lookup reads files and may ask the metadata server) and
   * scoped to {@link #CLOUD_PLATFORM_SCOPE} if they need a scope. Building the source does no
   * I/O.
   *
   * <p>If no credentials can be found or the key file cannot be read, every {@code token()}
   * fails with a {@linkplain TransportException#credentialsFailure credentials failure} (the
   * poller reports a {@code CredentialsException}) that says how to set them up; the lookup is
   * tried again at the next refresh after the source's failure backoff.
   *
   * @return the token source
   */
  public static AccessTokenSource applicationDefault() {
    return applicationDefault(PollListener.NONE);
  }

  /**
   * As {@link #applicationDefault()}, and reports each refresh (its latency and failure, never
   * the token) to {@link PollListener#tokenRefreshed}.
   *
   * @param listener hears each refresh
   * @return the token source
   * @throws NullPointerException if {@code listener} is {@code null}
   */
  public static AccessTokenSource applicationDefault(PollListener listener) {
    return create(
        new CredentialsHolder(GoogleCredentials::getApplicationDefault),
        Schedulers.parallel(),
        Objects.requireNonNull(listener, "listener"));
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
    return fromCredentials(credentials, PollListener.NONE);
  }

  /**
   * As {@link #fromCredentials(GoogleCredentials)}, and reports each refresh (its latency and
   * failure, never the token) to {@link PollListener#tokenRefreshed}.
   *
   * @param credentials the credentials, such as {@code ServiceAccountCredentials}
   * @param listener hears each refresh
   * @return the token source
   * @throws NullPointerException if an argument is {@code null}
   */
  public static AccessTokenSource fromCredentials(
      GoogleCredentials credentials, PollListener listener) {
    Objects.requireNonNull(credentials, "credentials");
    return create(
        new CredentialsHolder(credentials),
        Schedulers.parallel(),
        Objects.requireNonNull(listener, "listener"));
  }

  /** The caching source, reading time from {@code clock} (tests pass a virtual-time scheduler). */
  static CachingAccessTokenSource create(CredentialsHolder holder, Scheduler clock) {
    return create(holder, clock, PollListener.NONE);
  }

  static CachingAccessTokenSource create(
      CredentialsHolder holder, Scheduler clock, PollListener listener) {
    Mono<AccessToken> refresh = blockingFetch(holder).onErrorMap(GoogleAccessTokens::translate);
    return CachingAccessTokenSource.builder(refresh).clock(clock).listener(listener).build();
  }

  /**
   * Runs {@code holder.fetch()} on {@code boundedElastic}. A fetch abandoned by the refresh
   * timeout goes on until Google Auth's own socket timeout; what it gives then is dropped here
   * without a word, where {@code fromCallable} would log it as a dropped error with a stack trace.
   */
  private static Mono<AccessToken> blockingFetch(CredentialsHolder holder) {
    return Mono.create(sink -> {
      AtomicBoolean abandoned = new AtomicBoolean();
      Runnable fetch = () -> {
        AccessToken token;
        try {
          token = holder.fetch();
        } catch (Throwable e) {
          Exceptions.throwIfJvmFatal(e);
          if (!abandoned.get()) {
            sink.error(e);
          }
          return;
        }
        if (!abandoned.get()) {
          sink.success(token);
        }
      };
      Disposable task;
      try {
        task = Schedulers.boundedElastic().schedule(fetch);
      } catch (RejectedExecutionException full) {
        sink.error(TransportException.transientFailure(
            "no boundedElastic thread is free to refresh the Google access token, will retry",
            full));
        return;
      }
      sink.onCancel(() -> {
        abandoned.set(true);
        task.dispose();
      });
    });
  }

  /**
   * Turns a refresh failure into a {@link TransportException}: retryable if trying again may
   * help, else a credentials failure.
   */
  static TransportException translate(Throwable e) {
    if (e instanceof TransportException t) {
      return t;
    }
    int status = httpStatus(e);
    String detail = redact(e.getMessage());
    String what = e.getClass().getSimpleName() + (detail.isEmpty() ? "" : ": " + detail);
    boolean retryable;
    if (status > 0) {
      // Google Auth marks only 408, 429, 500 and 503 retryable; any 5xx is the server's trouble.
      retryable = status >= 500 || status == 408 || status == 429;
    } else if (hasCause(e, GeneralSecurityException.class)) {
      // The key could not sign the token request: retrying with the same key cannot help.
      retryable = false;
    } else if (e instanceof Retryable r) {
      retryable = r.isRetryable();
    } else if (e instanceof IOException) {
      retryable = true;
    } else {
      // Not an I/O or credentials error Google Auth reports as such: a bug or an answer it could
      // not read. Not retried, and not blamed on the credentials.
      return TransportException.permanentFailure(
          "the Google Auth Library failed while getting an access token: " + what, e);
    }
    if (retryable) {
      return TransportException.transientFailure(
          "could not get a Google access token, will retry: " + what, e);
    }
    if (status > 0) {
      return TransportException.credentialsFailure(
          "the Google token endpoint refused the credentials (HTTP " + status + "); check that the"
              + " key or login is valid and not revoked: " + what,
          e);
    }
    return TransportException.credentialsFailure(
        "the Google credentials could not make an access token; check that the key or login is"
            + " valid: " + what,
        e);
  }


  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
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

  /**
   * One line of at most 500 characters, with secret-looking runs cut. URLs stay readable (a
   * help link is useful), but their user info, query and fragment, where secrets travel, are cut.
   */
  static String redact(String message) {
    if (message == null) {
      return "";
    }
    String oneLine = message.replaceAll("\\s+", " ").trim();
    if (oneLine.length() > 500) {
      oneLine = oneLine.substring(0, 500) + "...";
    }
    StringBuilder out = new StringBuilder(oneLine.length());
    Matcher url = URL.matcher(oneLine);
    int from = 0;
    while (url.find()) {
      out.append(cutSecrets(oneLine.substring(from, url.start())));
      out.append(redactUrl(url.group()));
      from = url.end();
    }
    return out.append(cutSecrets(oneLine.substring(from))).toString();
  }

  private static String cutSecrets(String text) {
    return SECRET_LIKE.matcher(text).replaceAll("<redacted>");
  }

  private static String redactUrl(String url) {
    int schemeEnd = url.indexOf("://") + 3;
    int pathStart = indexOfAny(url, "/?#", schemeEnd);
    String authority = url.substring(schemeEnd, pathStart);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = "<redacted>@" + authority.substring(at + 1);
    }
    String rest = url.substring(pathStart);
    int secretStart = indexOfAny(rest, "?#", 0);
    if (secretStart < rest.length()) {
      rest = rest.substring(0, secretStart + 1) + "<redacted>";
    }
    return url.substring(0, schemeEnd) + authority + rest;
  }

  private static int indexOfAny(String s, String chars, int from) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return s.length();
  }

  /** Loads credentials, such as {@code GoogleCredentials::getApplicationDefault}; may block. */
  @FunctionalInterface
  interface CredentialsLoader {
    GoogleCredentials load() throws IOException;
  }

  /**
   * Holds the credentials, loading them (Application Default Credentials) at the first fetch.
   * Only the caching source calls {@link #fetch()}, one call at a time.
   */
  static final class CredentialsHolder {
    private final CredentialsLoader loader;
    private volatile GoogleCredentials credentials;

    CredentialsHolder(GoogleCredentials credentials) {
      this.loader = null;
      this.credentials = scoped(credentials);
    }

    CredentialsHolder(CredentialsLoader loader) {
      this.loader = loader;
    }

    /**
     * Blocking: loads the credentials if needed, then asks the token endpoint for a new token.
     * Uses {@code refreshAccessToken()}, not {@code refresh()}: the latter joins a refresh that
     * Google Auth already has in progress, so after a hung refresh was abandoned, the next one
     * would wait for the same hung request instead of trying again.
     */
    AccessToken fetch() throws IOException {
      GoogleCredentials c = credentials;
      if (c == null) {
        try {
          c = scoped(loader.load());
        } catch (IOException e) {
          throw TransportException.credentialsFailure(
              ADC_HELP + " (" + e.getClass().getSimpleName() + ": " + redact(e.getMessage()) + ")",
              null);
        }
        credentials = c;
      }
      com.google.auth.oauth2.AccessToken token;
      try {
        token = c.refreshAccessToken();
      } catch (IllegalStateException unsupported) {
        // Credentials made from a fixed token cannot refresh; use the token they carry.
        token = c.getAccessToken();
        if (token == null) {
          throw TransportException.credentialsFailure(
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
      return c == null
          ? "application default credentials (not yet loaded)"
          : c.getClass().getSimpleName();
    }
  }
}
