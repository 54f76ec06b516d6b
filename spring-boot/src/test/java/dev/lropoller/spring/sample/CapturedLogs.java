package dev.lropoller.spring.sample;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log event of the application, caught by a Logback appender on the root logger (the real
 * logging pipeline of a Boot application: commons-logging and reactor's {@code Loggers} reach it
 * through SLF4J). Lines read {@code LEVEL logger - message}, with {@code [+ stack trace]} added
 * when the event carries an exception.
 */
final class CapturedLogs implements AutoCloseable {
  private final Logger root;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private CapturedLogs(Logger root) {
    this.root = root;
  }

  /** Starts catching events. */
  static CapturedLogs start() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    CapturedLogs logs = new CapturedLogs(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
    logs.appender.setContext(context);
    logs.appender.start();
    logs.root.addAppender(logs.appender);
    return logs;
  }

  /** Forgets the events caught so far. */
  void clear() {
    synchronized (appender.list) {
      appender.list.clear();
    }
  }

  /** The lines at WARN or above caught since the start or the last {@link #clear()}. */
  List<String> warnOrAbove() {
    synchronized (appender.list) {
      return appender.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .map(CapturedLogs::line)
          .toList();
    }
  }

  private static String line(ILoggingEvent e) {
    return e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()
        + (e.getThrowableProxy() != null ? " [+ stack trace]" : "");
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
