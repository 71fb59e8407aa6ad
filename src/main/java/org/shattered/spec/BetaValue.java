package org.shattered.spec;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One value of the beta axis: a constant, or a rule of depth ("1/sqrt(depth)", "c/sqrt(depth)",
 * "c/depth"). The label is what the {@code beta_rule} column shows, so curves across depth group by it.
 *
 * @param label canonical text: the constant as a decimal, or the rule as written canonically
 * @param coefficient the constant, or c of the rule
 * @param depthPower 0 for a constant, 0.5 for c/sqrt(depth), 1 for c/depth
 */
public record BetaValue(String label, double coefficient, double depthPower) implements java.io.Serializable {

  private static final Pattern RULE =
      Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*/\\s*(sqrt\\(\\s*depth\\s*\\)|depth)\\s*");

  public static BetaValue constant(double beta) {
    return new BetaValue(Double.toString(beta + 0.0), beta + 0.0, 0);
  }

  /** Parses a number or a rule; {@code key} names the config key in the error. */
  public static BetaValue parse(String key, String text) {
    Matcher m = RULE.matcher(text);
    if (m.matches()) {
      double c = Double.parseDouble(m.group(1));
      boolean sqrt = m.group(2).startsWith("sqrt");
      String cText = c == 1.0 ? "1" : Double.toString(c);
      return new BetaValue(cText + (sqrt ? "/sqrt(depth)" : "/depth"), c, sqrt ? 0.5 : 1.0);
    }
    try {
      double v = Double.parseDouble(text.trim());
      if (Double.isFinite(v) && v >= 0) {
        return constant(v);
      }
    } catch (NumberFormatException e) {
      // fall through to the error
    }
    throw SpecException.badValue(key, text, "a finite number >= 0, or a rule \"c/sqrt(depth)\" or \"c/depth\"");
  }

  /** beta for a network of this depth. */
  public double at(int depth) {
    return depthPower == 0 ? coefficient : coefficient / Math.pow(depth, depthPower);
  }

  @Override
  public String toString() {
    return label.toLowerCase(Locale.ROOT);
  }
}
