package dev.lropoller.bench.vertex;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** One way of watching the lag run's training pipelines, on the driver's virtual clock. */
interface LagContender extends AutoCloseable {
  /**
   * The row label: who polls and on which schedule.
   *
   * @return the label
   */
  String label();

  /**
   * Starts watching every run now (virtual time); reports ends into {@code ledger}, each request's
   * send and answer to {@code driver}.
   *
   * @param driver the virtual clock and in-flight count
   * @param runs the runs
   * @param names the job names, in run order
   * @param endpoints each location's emulator port
   * @param ledger where to report
   * @throws Exception if the client cannot be built
   */
  void start(VirtualDriver driver, List<LagRuns.Run> runs, List<String> names,
      Map<String, URI> endpoints, LagLedger ledger) throws Exception;
}
