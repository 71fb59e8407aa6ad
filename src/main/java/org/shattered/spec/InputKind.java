package org.shattered.spec;

/**
 * How a task's inputs are laid out (docs/science.md, Inputs): {@code line}, the paper's 1-D grid
 * x_p = linspace(input-min, input-max, P), or {@code sphere}, P points drawn uniformly on the
 * sphere of radius sqrt(d) in R^d (the regime of the theorems: distinct points are nearly
 * orthogonal, so their first-layer gates are nearly independent).
 */
public enum InputKind implements ConfigName {
  LINE("line"),
  SPHERE("sphere");

  private final String name;

  InputKind(String name) {
    this.name = name;
  }

  @Override
  public String configName() {
    return name;
  }

  public static InputKind parse(String key, String value) {
    return ConfigName.parse(InputKind.class, key, value);
  }
}
