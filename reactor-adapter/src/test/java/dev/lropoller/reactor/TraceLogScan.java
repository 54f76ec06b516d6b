package dev.lropoller.reactor;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the whole adapter suite with logging at the finest level and reads every record as it is
 * published: its formatted text, its exception chain's messages and {@code toString()}. A
 * record that carries a test token or the test private key fails the class that produced it.
 * Registered for every test class through {@code META-INF/services} (autodetection is on in
 * {@code junit-platform.properties}). The console still shows only INFO and above, as the root
 * handler's level is left alone.
 */
public final class TraceLogScan implements BeforeAllCallback, AfterAllCallback {
  /** Loggers raised: Reactor (through JUL here), Reactor Netty and Netty, Google Auth and its HTTP client, ours. */
  static final String[] LOGGERS = {"reactor", "io.netty", "com.google", "dev.lropoller"};
  /** The bearer token values the tests hand out. */
  static final String[] TOKENS = {TokenEndpoint.SECRET_PREFIX, "secret-bearer-value-1"};

  private static final List<Logger> RAISED = new ArrayList<>();
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
  private static final AtomicLong SCANNED = new AtomicLong();
  private static volatile String currentClass = "";
  private static volatile String keyFragment;
  private static boolean installed;

  /**
   * Marks a class that drives another library's client (Google's own), whose log lines are that
   * library's: what they leak is printed as a finding instead of failing the class.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface ForeignClient {
    /** Why its logs are not lro-poller's. */
    String value();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    install();
    currentClass = context.getRequiredTestClass().getSimpleName();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    List<String> found = new ArrayList<>(LEAKS);
    LEAKS.clear();
    if (!found.isEmpty()
        && context.getRequiredTestClass().isAnnotationPresent(ForeignClient.class)) {
      System.out.println("TRACE scan finding (not lro-poller's logs): " + found.size()
          + " record(s) carry a secret, " + found.subList(0, Math.min(3, found.size())));
      return;
    }
    if (!found.isEmpty()) {
      throw new AssertionError(found.size() + " log record(s) at TRACE carry a secret; first: "
          + found.subList(0, Math.min(3, found.size())));
    }
  }

  /** How many records were read so far. */
  static long scanned() {
    return SCANNED.get();
  }

  static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    SimpleFormatter formatter = new SimpleFormatter();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        SCANNED.incrementAndGet();
        String leak = leak(r, formatter);
        if (leak != null) {
          LEAKS.add(currentClass + ": " + r.getLoggerName() + " " + r.getLevel() + ": " + leak);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    handler.setLevel(Level.ALL);
    for (String name : LOGGERS) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(Level.ALL);
      logger.addHandler(handler);
      RAISED.add(logger);
    }
  }

  /** The secret a record shows, or null. */
  static String leak(LogRecord r, SimpleFormatter formatter) {
    StringBuilder text = new StringBuilder(formatter.format(r));
    for (Throwable t = r.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
      text.append('\n').append(t.getMessage()).append('\n').append(t);
      for (Throwable s : t.getSuppressed()) {
        text.append('\n').append(s);
      }
    }
    return secretIn(text.toString());
  }

  /** The secret {@code text} contains, or null. */
  static String secretIn(String text) {
    for (String token : TOKENS) {
      if (text.contains(token)) {
        return "token " + token + "…";
      }
    }
    if (text.contains("PRIVATE KEY")) {
      return "a PEM private key";
    }
    String key = keyFragment();
    if (key != null && text.contains(key)) {
      return "the test private key";
    }
    return null;
  }

  private static String keyFragment() {
    if (keyFragment == null) {
      keyFragment =
          Base64.getEncoder().encodeToString(TokenEndpoint.privateKey().getEncoded()).substring(64, 128);
    }
    return keyFragment;
  }
}
