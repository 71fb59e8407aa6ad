package org.shattered.spec;

import java.util.Locale;

/**
 * The activation phi of a task's hidden units, as configured (docs/science.md, Activations and the
 * phase diagram): {@code relu} (the paper's, the default), {@code leaky-relu:A} (phi(v) = v for
 * v &gt; 0, A v otherwise, slope A in [0, 1)), {@code tanh}, {@code swish} (v sigmoid(v)) and
 * {@code linear} (phi(v) = v). The slope is part of the value, so one grid axis and one column hold
 * the whole choice; the implementations are {@code org.shattered.net.Activation}.
 *
 * @param kind the family
 * @param slope the negative-side slope of leaky-relu; 0 for the others
 */
public record ActivationSpec(Kind kind, double slope) implements java.io.Serializable {

  /** ReLU, the default: the activation every task had before activations were an axis. */
  public static final ActivationSpec RELU = new ActivationSpec(Kind.RELU, 0);

  private static final String ALLOWED = "relu, tanh, linear, swish, or leaky-relu:A with a slope A in [0, 1) "
      + "(e.g. leaky-relu:0.2)";

  /** The families. */
  public enum Kind implements ConfigName {
    RELU("relu"), LEAKY_RELU("leaky-relu"), TANH("tanh"), SWISH("swish"), LINEAR("linear");

    private final String name;

    Kind(String name) {
      this.name = name;
    }

    @Override
    public String configName() {
      return name;
    }
  }

  public ActivationSpec {
    SpecException.require(kind != null, "activation", null, ALLOWED);
    if (kind == Kind.LEAKY_RELU) {
      SpecException.require(slope >= 0 && slope < 1, "activation", "leaky-relu:" + slope,
          "a slope A in [0, 1) (e.g. leaky-relu:0.2)");
      slope = slope + 0.0;
    } else {
      slope = 0;
    }
  }

  /**
   * Parses {@code relu}, {@code tanh}, {@code swish}, {@code linear} or {@code leaky-relu:A}
   * (case-insensitive), or throws a {@link SpecException} naming {@code key}.
   */
  public static ActivationSpec parse(String key, String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    String leaky = Kind.LEAKY_RELU.configName() + ":";
    if (t.startsWith(leaky)) {
      double a;
      try {
        a = Double.parseDouble(t.substring(leaky.length()));
      } catch (NumberFormatException e) {
        throw SpecException.badValue(key, text, ALLOWED);
      }
      if (!(a >= 0 && a < 1)) {
        throw SpecException.badValue(key, text, "leaky-relu:A with a slope A in [0, 1) (e.g. leaky-relu:0.2)");
      }
      return new ActivationSpec(Kind.LEAKY_RELU, a);
    }
    for (Kind k : Kind.values()) {
      if (k != Kind.LEAKY_RELU && k.configName().equals(t)) {
        return k == Kind.RELU ? RELU : new ActivationSpec(k, 0);
      }
    }
    throw SpecException.badValue(key, text, ALLOWED);
  }

  /** Whether this is ReLU (the default, and the only activation looks-linear is defined with). */
  public boolean relu() {
    return kind == Kind.RELU;
  }

  /** The configured text: the family's name, with ":A" for leaky-relu (e.g. "leaky-relu:0.2"). */
  public String configName() {
    return kind == Kind.LEAKY_RELU ? kind.configName() + ":" + slope : kind.configName();
  }

  @Override
  public String toString() {
    return configName();
  }
}
