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
