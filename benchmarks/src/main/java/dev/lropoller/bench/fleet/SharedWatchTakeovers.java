package dev.lropoller.bench.fleet;

import dev.lropoller.redis.RedisSharedWatches;
import dev.lropoller.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
   *     survivor got after the name's lease expired (the takeover's first), sorted
   * @param afterExpiryMillis per such name, from its lease's expiry to that snapshot, sorted
   * @param lateFromKilled names the killed replica owned on which a survivor got, after the kill
   *     but before the lease expired, a snapshot the killed replica had published before it died
   * @param noSnapshotAfter names the killed replica owned on which no survivor got a snapshot
   *     after the lease expired
   * @param otherGaps names the killed replica did not own whose snapshots on some survivor have a
   *     gap over 1.5 poll intervals across the kill (what the earlier runner counted as takeovers)
   */
  record Takeovers(long[] millis, long[] afterExpiryMillis, int lateFromKilled, int noSnapshotAfter,
      int otherGaps) {}

  /**
   * One held lease.
   *
   * @param replica the holder's replica id
   * @param leftMillis the time the lease had left when read
   */
  record Lease(String replica, long leftMillis) {}

  private static final String READ = "local r = {} for i, k in ipairs(KEYS) do"
      + " r[2 * i - 1] = redis.call('GET', k) or ''; r[2 * i] = redis.call('PTTL', k) end return r";

  /**
   * Each name's lease, read in one atomic script (key prefix
   * {@value RedisSharedWatches#DEFAULT_KEY_PREFIX}, as the replicas use).
   *
   * @param redis the server the replicas share
   * @param names the watched names
   * @return name to lease, for the names whose lease is held
   */
  static Map<String, Lease> leases(RedisServerProcess redis, List<String> names) {
    String[] command = new String[names.size() + 3];
    command[0] = "EVAL";
    command[1] = READ;
    command[2] = Integer.toString(names.size());
    for (int i = 0; i < names.size(); i++) {
      command[i + 3] = RedisSharedWatches.DEFAULT_KEY_PREFIX + "{" + names.get(i) + "}:lease";
    }
    return leases(names, List.of(redis.query(command).split("\n", -1)));
  }

  /**
   * The holder's replica id and the time left of each held lease: a lease token is
   * {@code replicaId:serial}.
   *
   * @param names the names, in the order of {@code reply}
   * @param reply per name its token ({@code ""} where no lease is held) and its PTTL
   * @return name to lease, for the names whose lease is held
   * @throws IllegalArgumentException if the counts differ or a token has no {@code :}
   */
  static Map<String, Lease> leases(List<String> names, List<String> reply) {
    if (2 * names.size() != reply.size()) {
      throw new IllegalArgumentException(
          "Expected " + 2 * names.size() + " lease values, got " + reply.size() + ": " + reply);
    }
    Map<String, Lease> leases = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String token = reply.get(2 * i);
      if (token.isEmpty()) {
        continue;
      }
      int colon = token.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("Not a lease token: \"" + token + "\"");
      }
      leases.put(names.get(i),
          new Lease(token.substring(0, colon), Long.parseLong(reply.get(2 * i + 1))));
    }
    return leases;
  }

  /**
   * How many names each replica owns.
   *
   * @param leases name to lease
   * @return replica id to count, in id order
   */
  static Map<String, Integer> counts(Map<String, Lease> leases) {
    Map<String, Integer> counts = new TreeMap<>();
    leases.values().forEach(l -> counts.merge(l.replica(), 1, Integer::sum));
    return counts;
  }

  /**
   * The takeovers from the survivors' result lines ({@code name end t1 t2 …}, µs). Until its lease
   * expires, only the killed replica can have published a name's snapshots, so a snapshot that
   * arrives between the kill and the expiry is the killed replica's, delivered late; the takeover
   * is the first snapshot after the expiry.
   *
   * @param lines every survivor's lines
   * @param killedOwned the names the killed replica owned just before the kill, and their leases
   * @param readAt when the leases were read, epoch µs
   * @param killedAt the kill, epoch µs
   * @param interval the poll interval
   * @return the takeovers
   */
  static Takeovers measure(List<String> lines, Map<String, Lease> killedOwned, long readAt,
      long killedAt, Duration interval) {
    Map<String, List<long[]>> times = new HashMap<>();
    for (String line : lines) {
      String[] w = line.split(" ");
      times.computeIfAbsent(w[0], k -> new ArrayList<>())
          .add(Arrays.stream(w, 2, w.length).mapToLong(Long::parseLong).sorted().toArray());
    }
    long gap = interval.toNanos() / 1000 * 3 / 2;
    int otherGaps = 0;
    for (Map.Entry<String, List<long[]>> name : times.entrySet()) {
      if (!killedOwned.containsKey(name.getKey())
          && name.getValue().stream().anyMatch(t -> gapAcross(t, killedAt) > gap)) {
        otherGaps++;
      }
    }
    List<Long> millis = new ArrayList<>();
    List<Long> afterExpiry = new ArrayList<>();
    int late = 0;
    int missing = 0;
    for (Map.Entry<String, Lease> owned : killedOwned.entrySet()) {
      long expiry = readAt + owned.getValue().leftMillis() * 1000;
      long first = Long.MAX_VALUE;
      boolean lateHere = false;
      for (long[] t : times.getOrDefault(owned.getKey(), List.of())) {
        for (long x : t) {
          lateHere |= x > killedAt && x <= expiry;
          first = x > expiry ? Math.min(first, x) : first;
        }
      }
      late += lateHere ? 1 : 0;
      if (first == Long.MAX_VALUE) {
        missing++;
      } else {
        millis.add((first - killedAt) / 1000);
        afterExpiry.add((first - expiry) / 1000);
      }
    }
    return new Takeovers(sorted(millis), sorted(afterExpiry), late, missing, otherGaps);
  }

  /** The gap between the last snapshot at or before {@code at} and the first after it, or 0. */
  private static long gapAcross(long[] sorted, long at) {
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i - 1] <= at && sorted[i] > at) {
        return sorted[i] - sorted[i - 1];
      }
    }
    return 0;
  }

  private static long[] sorted(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).sorted().toArray();
  }
}
