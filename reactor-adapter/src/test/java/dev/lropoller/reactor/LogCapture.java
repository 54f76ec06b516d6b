package dev.lropoller.reactor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures every JUL record (Reactor, Reactor Netty, Netty and Google Auth all log through JUL
 * in these tests) at every level, in memory, while open.
 */
final class LogCapture implements AutoCloseable {
  private static final String[] NAMES = {"reactor", "io.netty", "com.google", "dev.lropoller"};

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Map<Logger, Level> saved = new LinkedHashMap<>();
  // Strong references: JUL keeps loggers only weakly.
  private final List<Logger> loggers = new ArrayList<>();
  private final Handler handler;

  private LogCapture() {
    SimpleFormatter formatter = new SimpleFormatter();
    handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            StringBuilder sb = new StringBuilder(formatter.format(r));
            for (Throwable t = r.getThrown(); t != null && t.getCause() != t; t = t.getCause()) {
              sb.append(" | ").append(t);
            }
            lines.add(sb.toString());
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    handler.setLevel(Level.ALL);
    for (String name : NAMES) {
      Logger logger = Logger.getLogger(name);
      loggers.add(logger);
      saved.put(logger, logger.getLevel());
      logger.setLevel(Level.ALL);
      logger.addHandler(handler);
    }
  }

  /** Starts capturing. */
  static LogCapture start() {
    return new LogCapture();
  }

  /** Everything captured so far, one record per line. */
  String text() {
    return String.join("\n", lines);
  }

  /** The records at {@code level} or above whose exception, or a cause of it, has stack frames. */
  List<LogRecord> withStackTrace(Level level) {
    List<LogRecord> found = new ArrayList<>();
    for (LogRecord r : records) {
      if (r.getLevel().intValue() < level.intValue()) {
        continue;
      }
      for (Throwable t = r.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t.getStackTrace().length > 0) {
          found.add(r);
          break;
        }
      }
    }
    return found;
  }

  /** The records at {@code level} or above, formatted. */
  List<String> atOrAbove(Level level) {
    List<String> found = new ArrayList<>();
    for (LogRecord r : records) {
      if (r.getLevel().intValue() >= level.intValue()) {
        found.add(r.getLoggerName() + " " + r.getLevel() + " " + r.getMessage()
            + (r.getThrown() == null ? "" : " | " + r.getThrown()));
      }
    }
    return found;
  }

  /** How many records were captured. */
  int count() {
    return lines.size();
  }

  @Override
  public void close() {
    saved.forEach(
        (logger, level) -> {
          logger.removeHandler(handler);
          logger.setLevel(level);
        });
  }
}
