package dev.lropoller.spring;

import dev.lropoller.PollListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet budget's degraded keys as the poller reports them ({@link PollListener#budgetDegraded},
 * {@link PollListener#budgetRestored}), for the health details. A bean only with
 * {@code lropoller.fleet.enabled=true}; the poller hears it as it hears every listener bean.
 */
final class FleetBudgetState implements PollListener {
  private final Set<String> degraded = ConcurrentHashMap.newKeySet();
  private final String keyPrefix;

  FleetBudgetState(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  @Override
  public void budgetDegraded(String key, Throwable cause) {
    degraded.add(String.valueOf(key));
  }

  @Override
  public void budgetRestored(String key) {
    degraded.remove(String.valueOf(key));
  }

  /**
   * The {@code budget} health detail: {@code store} ({@code redis}), {@code keyPrefix},
   * {@code mode} ({@code fleet}, or {@code degraded} while any key counts locally) and
   * {@code degradedKeys}, sorted. No cause: a Redis error may name hosts the health endpoint
   * should not show.
   */
  Map<String, Object> details() {
    List<String> keys = List.copyOf(new TreeSet<>(degraded));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("store", "redis");
    details.put("keyPrefix", keyPrefix);
    details.put("mode", keys.isEmpty() ? "fleet" : "degraded");
    details.put("degradedKeys", keys);
    return details;
  }

  @Override
  public String toString() {
    return "FleetBudgetState[degraded=" + degraded.size() + "]";
  }
}
