package org.shattered.spec;

/** Normalization before each ReLU: none, or batch norm over the task's P inputs (no affine). */
public enum Normalization implements ConfigName {
  NONE("none"),
  BATCH("batch");

  private final String name;

  Normalization(String name) {
    this.name = name;
  }

  @Override
  public String configName() {
    return name;
  }

  public static Normalization parse(String key, String value) {
    return ConfigName.parse(Normalization.class, key, value);
  }
}
