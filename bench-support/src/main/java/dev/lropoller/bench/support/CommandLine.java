package dev.lropoller.bench.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one command-line parser of the demo and the benchmarks.
 *
 * <p>Grammar: a flag that takes a value is written {@code --name value} or {@code --name=value};
 * a switch (such as {@code --help}) takes none. Each flag at most once. Numbers may group digits
 * with {@code _} ({@code 100_000}); lists separate items with {@code ,}; durations follow
 * {@link Durations}. Every error is a {@link UsageException} that quotes the flag or value.
 *
 * <pre>
 * CommandLine cl = CommandLine.parse(args, List.of("--operations", "--interval"), List.of("--help"));
 * int n = cl.atLeast("--operations", 1, 1000);
 * Duration every = cl.duration("--interval", Duration.ofSeconds(1));
 * </pre>
 */
public final class CommandLine {
  private final Map<String, String> values;
  private final Set<String> switches;

  private CommandLine(Map<String, String> values, Set<String> switches) {
    this.values = values;
    this.switches = switches;
  }

  /**
   * Reads a command line.
   *
   * @param args the arguments
   * @param valueFlags the flags that take a value, such as {@code --operations}
   * @param switchFlags the flags that take none, such as {@code --help}; may be empty
   * @return the parsed flags
   * @throws UsageException for an unknown or repeated flag, a missing value, or a value given
   *     to a switch
   */
  public static CommandLine parse(String[] args, List<String> valueFlags, List<String> switchFlags) {
    Map<String, String> values = new HashMap<>();
    Set<String> switches = new LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String flag = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        flag = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      if (switchFlags.contains(flag)) {
        if (inline != null) {
          throw new UsageException(flag + " takes no value, got \"" + arg + "\"");
        }
        switches.add(flag);
        continue;
      }
      if (!valueFlags.contains(flag)) {
        throw new UsageException("unknown flag \"" + arg + "\"; flags: " + known(valueFlags, switchFlags));
      }
      String value = inline;
      if (value == null) {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
          throw new UsageException(flag + " needs a value");
        }
        value = args[++i];
      }
      if (values.putIfAbsent(flag, value) != null) {
        throw new UsageException(flag + " given twice: \"" + values.get(flag) + "\" and \"" + value + "\"");
      }
    }
    return new CommandLine(values, switches);
  }

  private static String known(List<String> valueFlags, List<String> switchFlags) {
    List<String> all = new ArrayList<>(valueFlags);
    all.addAll(switchFlags);
    return String.join(" ", all);
  }

  /**
   * Whether a switch or a flag was given.
   *
   * @param flag the flag
   * @return true if present
   */
  public boolean has(String flag) {
    return switches.contains(flag) || values.containsKey(flag);
  }

  /**
   * The raw value of a flag.
   *
   * @param flag the flag
   * @return its value, or empty when absent
   */
  public Optional<String> value(String flag) {
    return Optional.ofNullable(values.get(flag));
  }

  /**
   * A text value.
   *
   * @param flag the flag
   * @param fallback the value when absent (may be null)
   * @return the value
   */
  public String text(String flag, String fallback) {
    return values.getOrDefault(flag, fallback);
  }

  /**
   * A whole number.
   *
   * @param flag the flag
   * @param fallback the value when absent
   * @return the value
   * @throws UsageException if the value is not a whole number
   */
  public int integer(String flag, int fallback) {
    return read(flag, fallback, v -> Integer.parseInt(digits(v)), "a whole number");
  }

  /**
   * A whole number of at least {@code min}.
   *
   * @param flag the flag
   * @param min the smallest value allowed
   * @param fallback the value when absent (not checked)
   * @return the value
   * @throws UsageException if the value is not a whole number or below {@code min}
   */
  public int atLeast(String flag, int min, int fallback) {
    int n = integer(flag, fallback);
    if (has(flag) && n < min) {
      throw new UsageException(flag + " must be at least " + min + ", got \"" + values.get(flag) + "\"");
    }
    return n;
  }

  /**
   * A whole number from {@code min} to {@code max}.
   *
   * @param flag the flag
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @param fallback the value when absent (not checked)
   * @return the value
   * @throws UsageException if the value is not a whole number in the range
   */
  public int between(String flag, int min, int max, int fallback) {
    String range = "a whole number from " + min + " to " + max;
    return read(flag, fallback, v -> {
      int n = Integer.parseInt(digits(v));
      return n >= min && n <= max ? n : null;
    }, range);
  }

  /**
   * A long whole number.
   *
   * @param flag the flag
   * @param fallback the value when absent
   * @return the value
   * @throws UsageException if the value is not a whole number
   */
  public long longInteger(String flag, long fallback) {
    return read(flag, fallback, v -> Long.parseLong(digits(v)), "a whole number");
  }

  /**
   * A decimal number.
   *
   * @param flag the flag
   * @param fallback the value when absent
   * @return the value
   * @throws UsageException if the value is not a finite decimal number
   */
  public double decimal(String flag, double fallback) {
    return read(flag, fallback, v -> {
      double d = Double.parseDouble(digits(v));
      return Double.isFinite(d) ? d : null;
    }, "a decimal number such as 0.02");
  }

  /**
   * A duration in the grammar of {@link Durations}.
   *
   * @param flag the flag
   * @param fallback the value when absent (may be null)
   * @return the value
   * @throws UsageException if the value is not a non-negative duration
   */
  public Duration duration(String flag, Duration fallback) {
    return read(flag, fallback, Durations::parse, "a duration such as " + Durations.FORMS);
  }

  /**
   * A comma-separated list; items are trimmed, empty items dropped.
   *
   * @param flag the flag
   * @param fallback the value when absent
   * @return the items
   * @throws UsageException if the list is empty
   */
  public List<String> list(String flag, List<String> fallback) {
    String v = values.get(flag);
    if (v == null) {
      return fallback;
    }
    List<String> items = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (items.isEmpty()) {
      throw new UsageException(flag + " needs at least one item, got \"" + v + "\"");
    }
    return items;
  }

  /**
   * A comma-separated list of whole numbers.
   *
   * @param flag the flag
   * @param fallback the value when absent
   * @return the numbers
   * @throws UsageException if the list is empty or an item is not a whole number
   */
  public List<Integer> integers(String flag, List<Integer> fallback) {
    if (!values.containsKey(flag)) {
      return fallback;
    }
    return list(flag, List.of()).stream().map(item -> {
      try {
        return Integer.parseInt(digits(item));
      } catch (NumberFormatException e) {
        throw new UsageException(flag + " must be a whole number, got \"" + item + "\"");
      }
    }).toList();
  }

  /**
   * A file path.
   *
   * @param flag the flag
   * @param fallback the value when absent (may be null)
   * @return the path
   */
  public Path path(String flag, Path fallback) {
    String v = values.get(flag);
    return v == null ? fallback : Path.of(v);
  }

  /**
   * The value of {@code flag} read by {@code parse}, or {@code fallback} when absent. A parse that
   * throws {@link IllegalArgumentException} (such as {@link NumberFormatException}) or returns
   * null rejects the value with "FLAG must be EXPECTED, got "VALUE"".
   */
  private <T> T read(String flag, T fallback, Function<String, T> parse, String expected) {
    String v = values.get(flag);
    if (v == null) {
      return fallback;
    }
    T value = null;
    try {
      value = parse.apply(v);
    } catch (IllegalArgumentException e) {
      // reported below
    }
    if (value == null) {
      throw new UsageException(flag + " must be " + expected + ", got \"" + v + "\"");
    }
    return value;
  }

  private static String digits(String v) {
    return v.trim().replace("_", "");
  }
}
