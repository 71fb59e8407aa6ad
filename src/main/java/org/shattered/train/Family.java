package org.shattered.train;

import org.shattered.spec.Architecture;
import org.shattered.spec.ConfigName;

/**
 * The network families that can be trained: the three of docs/science.md (Networks) and the
 * {@code crelu} control, looks-linear's shape (concatenated ReLU, N x 2N layer matrices) with
 * independent unmirrored weights (docs/science.md, Training).
 */
public enum Family implements ConfigName {
  FEEDFORWARD("feedforward", Architecture.FEEDFORWARD),
  RESNET("resnet", Architecture.RESNET),
  LOOKS_LINEAR("looks-linear", Architecture.LOOKS_LINEAR),
  CRELU("crelu", Architecture.LOOKS_LINEAR);

  private final String name;
  private final Architecture shape;

  Family(String name, Architecture shape) {
    this.name = name;
    this.shape = shape;
  }

  @Override
  public String configName() {
    return name;
  }

  /** The measured architecture of the same shape (looks-linear for crelu). */
  public Architecture shape() {
    return shape;
  }

  /** Whether layers are concatenated ReLUs (2N gated units behind N x 2N matrices). */
  public boolean concatenated() {
    return shape == Architecture.LOOKS_LINEAR;
  }

  public static Family parse(String key, String value) {
    return ConfigName.parse(Family.class, key, value);
  }
}
