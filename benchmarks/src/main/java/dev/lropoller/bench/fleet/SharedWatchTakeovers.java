package dev.lropoller.bench.fleet;

import dev.lropoller.redis.RedisSharedWatches;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who owns which watched name in {@link SharedWatchRun}, read from the leases in Redis, and how
 * long the survivors took to take over the names of a killed replica.
 */
final class SharedWatchTakeovers {
  private SharedWatchTakeovers() {}

  /**
   * The takeovers of one kill.
   *
   * @param millis per name the killed replica owned, from the kill to the first snapshot any
   *     survivor got after it, sorted
   * @param noSnapshotAfter names the killed replica owned on which no survivor got a snapshot
   *     after the kill
   * @param otherGaps names the killed replica did not own whose snapshots on some survivor have a
   *     gap over 1.5 poll intervals across the kill (what the earlier runner counted as takeovers)
   */
  record Takeovers(long[] millis, int noSnapshotAfter, int otherGaps) {}

  /**
   * The replica holding each name's lease, read with one {@code MGET} (key prefix
   * {@value RedisSharedWatches#DEFAULT_KEY_PREFIX}, as the replicas use).
   *
   * @param redis the server the replicas share
   * @param names the watched names
   * @return name to replica id, for the names whose lease is held
   */
  static Map<String, String> owners(RedisServerProcess redis, List<String> names) {
    String[] command = new String[names.size() + 1];
    command[0] = "MGET";
    for (int i = 0; i < names.size(); i++) {
      command[i + 1] = RedisSharedWatches.DEFAULT_KEY_PREFIX + "{" + names.get(i) + "}:lease";
    }
    String reply = redis.query(command);
    return owners(names, Arrays.asList(reply == null ? new String[] {"null"} : reply.split("\n", -1)));
  }

  /**
   * The replica id in each held lease: a lease token is {@code replicaId:serial}.
   *
   * @param names the names, in the order of {@code tokens}
   * @param tokens the lease values, {@code "null"} or {@code null} where no lease is held
   * @return name to replica id, for the names whose lease is held
   * @throws IllegalArgumentException if the counts differ or a token has no {@code :}
   */
  static Map<String, String> owners(List<String> names, List<String> tokens) {
    if (names.size() != tokens.size()) {
      throw new IllegalArgumentException(
          "Expected " + names.size() + " lease values, got " + tokens.size());
    }
    Map<String, String> owners = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String token = tokens.get(i);
      if (token == null || token.equals("null")) {
        continue;
      }
      int colon = token.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("Not a lease token: \"" + token + "\"");
      }
      owners.put(names.get(i), token.substring(0, colon));
    }
    return owners;
  }

  /**
   * How many names each replica owns.
   *
   * @param owners name to replica id
   * @return replica id to count, in id order
   */
  static Map<String, Integer> counts(Map<String, String> owners) {
    Map<String, Integer> counts = new TreeMap<>();
    owners.values().forEach(r -> counts.merge(r, 1, Integer::sum));
    return counts;
  }

  /**
   * The takeovers from the survivors' result lines ({@code name end t1 t2 …}, µs).
   *
   * @param lines every survivor's lines
   * @param killedOwned the names the killed replica owned just before the kill
   * @param killedAt the kill, epoch µs
   * @param interval the poll interval
   * @return the takeovers
   */
  static Takeovers measure(List<String> lines, Set<String> killedOwned, long killedAt,
      Duration interval) {
    Map<String, Long> firstAfter = new HashMap<>();
    Set<String> gapped = new HashSet<>();
    long gap = interval.toNanos() / 1000 * 3 / 2;
    for (String line : lines) {
      String[] w = line.split(" ");
      long[] t = Arrays.stream(w, 2, w.length).mapToLong(Long::parseLong).sorted().toArray();
      for (int i = 0; i < t.length; i++) {
        if (t[i] > killedAt) {
          firstAfter.merge(w[0], t[i], Math::min);
          if (i > 0 && t[i] - t[i - 1] > gap) {
            gapped.add(w[0]);
          }
          break;
        }
      }
    }
    List<Long> millis = new ArrayList<>();
    int missing = 0;
    for (String name : killedOwned) {
      Long first = firstAfter.get(name);
      if (first == null) {
        missing++;
      } else {
        millis.add((first - killedAt) / 1000);
      }
    }
    gapped.removeAll(killedOwned);
    return new Takeovers(millis.stream().mapToLong(Long::longValue).sorted().toArray(), missing,
        gapped.size());
  }
}
