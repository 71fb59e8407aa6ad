package org.shattered.spec;

/** The network families of docs/science.md (Networks). A new one is a constant here plus one class in {@code net}. */
public enum Architecture implements ConfigName {
  /** Plain rectifier net: a_{l+1} = rho(n(W_l a_l)). */
  FEEDFORWARD("feedforward", false),
  /** Residual net: r_{l+1} = r_l + beta W_l rho(n(r_l)). */
  RESNET("resnet", true),
  /** Concatenated ReLU with mirrored orthogonal weights: exactly linear at initialization. */
  LOOKS_LINEAR("looks-linear", false);

  private final String name;
  private final boolean usesBeta;

  Architecture(String name, boolean usesBeta) {
    this.name = name;
    this.usesBeta = usesBeta;
  }

  @Override
  public String configName() {
    return name;
  }

  /** Whether the residual branch scale beta is a parameter of this family. */
  public boolean usesBeta() {
    return usesBeta;
  }

  public static Architecture parse(String key, String value) {
    return ConfigName.parse(Architecture.class, key, value);
  }
}
