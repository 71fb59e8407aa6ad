package org.shattered.spec;

import java.util.List;
import java.util.Map;

/**
 * An only or exclude rule: a task matches when, for every axis the rule names, the task's value
 * is one of the rule's values. Values are compared as canonical text (enum names, numbers as
 * doubles, beta as its label).
 *
 * @param values axis key -> allowed canonical values
 */
public record GridRule(Map<String, List<String>> values) implements java.io.Serializable {

  public GridRule {
    values = Map.copyOf(values);
  }

  public boolean matches(PlannedTask task) {
    return matches(axis -> canonicalValue(task, axis));
  }

  /** Whether a task whose canonical value of each axis is {@code valueOf(axis)} matches. */
  public boolean matches(java.util.function.Function<String, String> valueOf) {
    for (Map.Entry<String, List<String>> e : values.entrySet()) {
      if (!e.getValue().contains(valueOf.apply(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** The canonical text of one axis of a task, as rule values are canonicalized. */
  static String canonicalValue(PlannedTask task, String axis) {
    TaskSpec s = task.spec();
    return switch (axis) {
      case "architecture" -> s.architecture().configName();
      case "normalization" -> s.normalization().configName();
      case "gradient-mode" -> s.gradientMode().configName();
      case "precision" -> s.precision().configName();
      case "points" -> number(s.points());
      case "bias-variance" -> number(s.biasVariance());
      case "activation" -> s.activation().configName();
      case "weight-variance" -> number(s.weightVariance());
      case "width" -> number(s.width());
      case "depth" -> number(s.depth());
      case "beta" -> task.betaRule() == null ? "none" : task.betaRule();
      case "seed" -> number(s.seed());
      case "inputs" -> s.inputKind().configName();
      case "input-dim" -> number(s.inputDim());
      default -> throw new IllegalArgumentException("not a grid axis: " + axis);
    };
  }

  public static String number(double v) {
    return Double.toString(v + 0.0);
  }
}
