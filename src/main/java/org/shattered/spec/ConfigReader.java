package org.shattered.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Typed reads of a resolved config whose errors name the key, the file and line it came from,
 * the bad value and what is allowed (as {@link SpecException}).
 */
final class ConfigReader {
  /** An axis longer than this is certainly a typo (a range with a tiny step). */
  static final int MAX_AXIS_LENGTH = 1_000_000;

  private final Config config;

  ConfigReader(Config config) {
    this.config = config;
  }

  String where(String path) {
    return config.hasPath(path) ? config.getValue(path).origin().description() : "reference.conf";
  }

  SpecException error(String path, Object value, String allowed) {
    return new SpecException(path, "bad value '" + value + "' (" + where(path) + "); allowed: " + allowed);
  }

  private ConfigValue value(String path) {
    if (!config.hasPath(path)) {
      throw new SpecException(path, "missing (" + where(path) + "); it must be set");
    }
    return config.getValue(path);
  }

  String string(String path) {
    ConfigValue v = value(path);
    if (v.valueType() != ConfigValueType.STRING) {
      throw error(path, v.unwrapped(), "a string");
    }
    return (String) v.unwrapped();
  }

  boolean bool(String path) {
    try {
      return config.getBoolean(path);
    } catch (ConfigException.WrongType e) {
      throw error(path, value(path).unwrapped(), "true or false");
    }
  }

  double finiteDouble(String path) {
    ConfigValue v = value(path);
    if (v.valueType() != ConfigValueType.NUMBER || !Double.isFinite(((Number) v.unwrapped()).doubleValue())) {
      throw error(path, v.unwrapped(), "a finite number");
    }
    return ((Number) v.unwrapped()).doubleValue();
  }

  int integer(String path, int min, int max) {
    ConfigValue v = value(path);
    Integer i = asInt(v);
    if (i == null || i < min || i > max) {
      throw error(path, v.unwrapped(), "an integer from " + min + " to " + max);
    }
    return i;
  }

  private static Integer asInt(ConfigValue v) {
    if (v.valueType() != ConfigValueType.NUMBER) {
      return null;
    }
    double d = ((Number) v.unwrapped()).doubleValue();
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      return null;
    }
    return (int) d;
  }

  /** A whole number from {@code min} to Long.MAX_VALUE (exactly representable: |value| below 2^53). */
  long longAtLeast(String path, long min) {
    ConfigValue v = value(path);
    if (v.valueType() == ConfigValueType.NUMBER) {
      Number n = (Number) v.unwrapped();
      double d = n.doubleValue();
      if ((n instanceof Integer || n instanceof Long) && n.longValue() >= min) {
        return n.longValue();
      }
      if (d == Math.rint(d) && d >= min && Math.abs(d) < 0x1p53) {
        return (long) d;
      }
    }
    throw error(path, v.unwrapped(), "an integer >= " + min);
  }

  /** Elements of an axis: a single value or a list; ranges are handled by the callers. */
  private List<ConfigValue> elements(String path) {
    ConfigValue v = value(path);
    List<ConfigValue> out = new ArrayList<>();
    if (v.valueType() == ConfigValueType.LIST) {
      out.addAll((ConfigList) v);
    } else {
      out.add(v);
    }
    if (out.isEmpty()) {
      throw new SpecException(path, "empty axis (" + where(path) + "); give at least one value");
    }
    return out;
  }

  <E extends Enum<E> & ConfigName> List<E> enumAxis(String path, Class<E> type) {
    LinkedHashSet<E> out = new LinkedHashSet<>();
    for (ConfigValue v : elements(path)) {
      if (v.valueType() != ConfigValueType.STRING) {
        throw error(path, v.unwrapped(), "one of " + ConfigName.names(type));
      }
      try {
        out.add(ConfigName.parse(type, path, (String) v.unwrapped()));
      } catch (SpecException e) {
        throw error(path, v.unwrapped(), "one of " + String.join(", ", ConfigName.names(type)));
      }
    }
    return List.copyOf(out);
  }

  /** An axis of names, each one of {@code allowed}; duplicates dropped. */
  List<String> stringAxis(String path, List<String> allowed) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (ConfigValue v : elements(path)) {
      if (v.valueType() != ConfigValueType.STRING || !allowed.contains((String) v.unwrapped())) {
        throw error(path, v.unwrapped(), "one of " + String.join(", ", allowed));
      }
      out.add((String) v.unwrapped());
    }
    return List.copyOf(out);
  }

  /** The activation axis: names such as relu, tanh, leaky-relu:0.2 (see {@link ActivationSpec#parse}). */
  List<ActivationSpec> activationAxis(String path) {
    LinkedHashSet<ActivationSpec> out = new LinkedHashSet<>();
    for (ConfigValue v : elements(path)) {
      if (v.valueType() != ConfigValueType.STRING) {
        throw error(path, v.unwrapped(), "relu, tanh, linear, swish, or leaky-relu:A with A in [0, 1)");
      }
      try {
        out.add(ActivationSpec.parse(path, (String) v.unwrapped()));
      } catch (SpecException e) {
        throw new SpecException(path, e.getMessage().substring(path.length() + 2) + " (" + where(path) + ")");
      }
    }
    return List.copyOf(out);
  }

  /** An integer axis: a value, a list, {from, to, step} or {from, to, factor}. */
  List<Integer> intAxis(String path, int min) {
    List<Double> raw = numberAxis(path, true);
    List<Integer> out = new ArrayList<>();
    for (double d : raw) {
      if (d != Math.rint(d) || d < min || d > Integer.MAX_VALUE) {
        throw error(path, GridRule.number(d).replaceAll("\\.0$", ""), "integers >= " + min);
      }
      if (!out.contains((int) d)) {
        out.add((int) d);
      }
    }
    return out;
  }

  /** A number axis with each value checked by {@code ok}. */
  List<Double> doubleAxis(String path, String allowed, java.util.function.DoublePredicate ok) {
    List<Double> out = new ArrayList<>();
    for (double d : numberAxis(path, false)) {
      if (!ok.test(d)) {
        throw error(path, d, allowed);
      }
      if (!out.contains(d + 0.0)) {
        out.add(d + 0.0);
      }
    }
    return out;
  }

  /** The seed axis: a count n (seeds 0..n-1), a list of seeds, or a range. */
  List<Long> seedAxis(String path) {
    ConfigValue v = value(path);
    Integer count = asInt(v);
    if (v.valueType() == ConfigValueType.NUMBER) {
      if (count == null || count < 1 || count > MAX_AXIS_LENGTH) {
        throw error(path, v.unwrapped(), "a count from 1 to " + MAX_AXIS_LENGTH + " (seeds 0..n-1) or a list of seeds >= 0");
      }
      List<Long> out = new ArrayList<>(count);
      for (long s = 0; s < count; s++) {
        out.add(s);
      }
      return out;
    }
    return intAxis(path, 0).stream().map(Integer::longValue).toList();
  }

  /** The beta axis: numbers, rules of depth as strings, or a numeric range. */
  List<BetaValue> betaAxis(String path) {
    ConfigValue v = value(path);
    if (v.valueType() == ConfigValueType.OBJECT) {
      return doubleAxis(path, "numbers >= 0", d -> d >= 0).stream().map(BetaValue::constant).toList();
    }
    List<BetaValue> out = new ArrayList<>();
    for (ConfigValue e : elements(path)) {
      BetaValue b;
      if (e.valueType() == ConfigValueType.NUMBER) {
        double d = ((Number) e.unwrapped()).doubleValue();
        if (!Double.isFinite(d) || d < 0) {
          throw error(path, e.unwrapped(), "a finite number >= 0, or a rule \"c/sqrt(depth)\" or \"c/depth\"");
        }
        b = BetaValue.constant(d);
      } else if (e.valueType() == ConfigValueType.STRING) {
        try {
          b = BetaValue.parse(path, (String) e.unwrapped());
        } catch (SpecException ex) {
          throw error(path, e.unwrapped(), "a finite number >= 0, or a rule \"c/sqrt(depth)\" or \"c/depth\"");
        }
      } else {
        throw error(path, e.unwrapped(), "a finite number >= 0, or a rule \"c/sqrt(depth)\" or \"c/depth\"");
      }
      if (!out.contains(b)) {
        out.add(b);
      }
    }
    return out;
  }

  private List<Double> numberAxis(String path, boolean integers) {
    ConfigValue v = value(path);
    if (v.valueType() == ConfigValueType.OBJECT) {
      return range(path, (ConfigObject) v, integers);
    }
    List<Double> out = new ArrayList<>();
    for (ConfigValue e : elements(path)) {
      if (e.valueType() != ConfigValueType.NUMBER) {
        throw error(path, e.unwrapped(), integers ? "integers" : "numbers");
      }
      out.add(((Number) e.unwrapped()).doubleValue());
    }
    return out;
  }

  private List<Double> range(String path, ConfigObject o, boolean integers) {
    BiFunction<String, Boolean, Double> get = (k, required) -> {
      ConfigValue v = o.get(k);
      if (v == null) {
        if (required) {
          throw new SpecException(path + "." + k, "missing (" + where(path) + "); a range needs from, to and step or factor");
        }
        return null;
      }
      if (v.valueType() != ConfigValueType.NUMBER || !Double.isFinite(((Number) v.unwrapped()).doubleValue())) {
        throw error(path + "." + k, v.unwrapped(), "a finite number");
      }
      return ((Number) v.unwrapped()).doubleValue();
    };
    for (String k : o.keySet()) {
      if (!List.of("from", "to", "step", "factor").contains(k)) {
        throw new SpecException(path + "." + k, "unknown key (" + where(path) + "); a range takes from, to and step or factor");
      }
    }
    double from = get.apply("from", true);
    double to = get.apply("to", true);
    Double step = get.apply("step", false);
    Double factor = get.apply("factor", false);
    if ((step == null) == (factor == null)) {
      throw new SpecException(path, "a range needs exactly one of step or factor (" + where(path) + ")");
    }
    if (to < from) {
      throw error(path + ".to", to, "a number >= from (" + from + ")");
    }
    List<Double> out = new ArrayList<>();
    if (step != null) {
      if (step <= 0) {
        throw error(path + ".step", step, "a number > 0");
      }
      for (long i = 0; from + i * step <= to + 1e-9 * step; i++) {
        out.add(from + i * step);
        checkLength(path, out);
      }
    } else {
      if (factor <= 1 || from <= 0) {
        throw error(path + (factor <= 1 ? ".factor" : ".from"), factor <= 1 ? factor : from,
            factor <= 1 ? "a number > 1" : "a number > 0 for a geometric series");
      }
      for (double x = from; x <= to * (1 + 1e-12); x *= factor) {
        double value = integers ? Math.rint(x) : x;
        if (out.isEmpty() || out.get(out.size() - 1) != value) {
          out.add(value);
        }
        checkLength(path, out);
      }
    }
    return out;
  }

  private void checkLength(String path, List<?> values) {
    if (values.size() > MAX_AXIS_LENGTH) {
      throw new SpecException(path, "axis longer than " + MAX_AXIS_LENGTH + " values (" + where(path) + ")");
    }
  }
}
