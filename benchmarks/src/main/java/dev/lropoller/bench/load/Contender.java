package dev.lropoller.bench.load;

import java.net.URI;
import java.util.List;

/** One way of watching many operations to their end. Used for one run, then closed. */
interface Contender extends AutoCloseable {

  /** Short id used on the command line and in the tables. */
  String id();

  /** Builds clients; not measured. */
  void prepare(URI endpoint, Scenario scenario) throws Exception;

  /**
   * Watches every operation to its end, reporting each to {@code out}; returns when all are
   * settled or the scenario's deadline passed (then stops watching). Measured.
   */
  void watchAll(List<String> names, Scenario scenario, Outcomes out) throws Exception;

  /**
   * Subscribes a watch per name and returns at once, for the heap census: the scenario's interval
   * is long, so every watch waits for its first poll. Closing the handle cancels them all.
   *
   * @throws UnsupportedOperationException if this contender cannot hold watches without blocking
   */
  default AutoCloseable hold(List<String> names) {
    throw new UnsupportedOperationException(id() + " cannot hold watches for a heap census");
  }

  /** A line about how this contender was configured, for the report. */
  default String describe() {
    return id();
  }

  @Override
  void close() throws Exception;
}
