package org.shattered.spec;

/**
 * How dy/dx treats batch statistics: {@code frozen} holds the batch mean and variance constant
 * (the default of docs/science.md, Gradients); {@code through-batch} differentiates sum_p y_p through them.
 */
public enum GradientMode implements ConfigName {
  FROZEN("frozen"),
  THROUGH_BATCH("through-batch");

  private final String name;

  GradientMode(String name) {
    this.name = name;
  }

  @Override
  public String configName() {
    return name;
  }

  public static GradientMode parse(String key, String value) {
    return ConfigName.parse(GradientMode.class, key, value);
  }
}
