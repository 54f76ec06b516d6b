package dev.lropoller.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The structured result of a demo run on the emulator.
 *
 * @param mix part one's outcomes, in the order the operations were started
 * @param scale part two's summary, or null if part two did not run to its end
 * @param differences everything that differed from the scripts; empty on success
 */
public record DemoReport(List<MixOutcome> mix, ScaleSummary scale, List<String> differences) {

  /**
   * Builds the report and collects the differences of both parts.
   *
   * @param mix part one's outcomes
   * @param scale part two's summary, or null
   * @param extra differences found outside the outcomes (a part that could not run)
   * @return the report
   */
  static DemoReport of(List<MixOutcome> mix, ScaleSummary scale, List<String> extra) {
    List<String> d = new ArrayList<>(extra);
    for (MixOutcome o : mix) {
      if (!o.matched()) {
        d.add("part one, " + o.label() + ": " + o.difference());
      }
    }
    if (scale != null && !scale.success()) {
      if (scale.succeeded() != scale.operations() || !scale.errors().isEmpty()) {
        d.add("part two: " + scale.succeeded() + " of " + scale.operations() + " operations succeeded");
      }
      scale.errors().forEach(e -> d.add("part two: " + e));
      if (scale.quotaRejections() > 0) {
        d.add("part two: " + scale.quotaRejections() + " requests were answered 429 over a project's"
            + " quota although the poller's budget is under it");
      }
    }
    return new DemoReport(List.copyOf(mix), scale, List.copyOf(d));
  }

  /**
   * Whether everything behaved as scripted.
   *
   * @return true if there is no difference
   */
  public boolean success() {
    return differences.isEmpty();
  }
}
