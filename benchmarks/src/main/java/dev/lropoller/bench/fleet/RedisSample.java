package dev.lropoller.bench.fleet;

import dev.lropoller.testing.redis.RedisServerProcess;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis's counters at one instant.
 *
 * @param scriptCalls {@code EVALSHA} plus {@code EVAL} calls
 * @param cpuSeconds {@code used_cpu_sys} plus {@code used_cpu_user}
 * @param usedMemory {@code used_memory}
 */
record RedisSample(long scriptCalls, double cpuSeconds, long usedMemory) {
  private static final Pattern FIELD = Pattern.compile("(?m)^([a-z_]+):([^\\r\\n]*)$");
  private static final Pattern CALLS = Pattern.compile("(?m)^cmdstat_(evalsha|eval):calls=(\\d+)");

  static RedisSample of(RedisServerProcess redis) {
    return parse(redis.query("INFO", "commandstats"), redis.query("INFO", "cpu"),
        redis.query("INFO", "memory"));
  }

  static RedisSample parse(String commandstats, String cpu, String memory) {
    long calls = 0;
    Matcher m = CALLS.matcher(commandstats);
    while (m.find()) {
      calls += Long.parseLong(m.group(2));
    }
    Map<String, String> cpuFields = fields(cpu);
    Map<String, String> memoryFields = fields(memory);
    return new RedisSample(calls,
        Double.parseDouble(required(cpuFields, "used_cpu_sys", cpu))
            + Double.parseDouble(required(cpuFields, "used_cpu_user", cpu)),
        Long.parseLong(required(memoryFields, "used_memory", memory)));
  }

  private static Map<String, String> fields(String info) {
    Map<String, String> out = new HashMap<>();
    Matcher m = FIELD.matcher(info);
    while (m.find()) {
      out.put(m.group(1), m.group(2).trim());
    }
    return out;
  }

  private static String required(Map<String, String> fields, String name, String info) {
    String v = fields.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no " + name + " in INFO: \"" + info + "\"");
    }
    return v;
  }
}
