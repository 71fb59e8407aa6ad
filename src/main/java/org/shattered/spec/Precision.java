package org.shattered.spec;

/** Floating-point precision of the network's arithmetic; metrics are always computed in double. */
public enum Precision implements ConfigName {
  DOUBLE("double"),
  FLOAT("float");

  private final String name;

  Precision(String name) {
    this.name = name;
  }

  @Override
  public String configName() {
    return name;
  }

  public static Precision parse(String key, String value) {
    return ConfigName.parse(Precision.class, key, value);
  }
}
