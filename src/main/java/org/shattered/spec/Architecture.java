package org.shattered.spec;

import org.shattered.net.ArchitectureFamily;
import org.shattered.net.FeedforwardFamily;
import org.shattered.net.LooksLinearFamily;
import org.shattered.net.ResnetFamily;

/**
 * The network families of docs/science.md (Networks), by their configuration names. Each constant
 * holds its {@link ArchitectureFamily}, which every other part of the code asks (network, weight
 * shapes and bounds, cost, mean-field factor, closed-form curve and label, Monte Carlo check, path
 * decomposition and precision-loss rules). A new architecture is one constant here plus a family
 * class and its network class in {@code net}; docs/extending.md lists what else it may want (a
 * section in docs/science.md, tests beside the network).
 */
public enum Architecture implements ConfigName {
  /** Plain rectifier net: a_{l+1} = rho(n(W_l a_l)). */
  FEEDFORWARD("feedforward", new FeedforwardFamily()),
  /** Residual net: r_{l+1} = r_l + beta W_l rho(n(r_l)). */
  RESNET("resnet", new ResnetFamily()),
  /** Concatenated ReLU with mirrored orthogonal weights: exactly linear at initialization. */
  LOOKS_LINEAR("looks-linear", new LooksLinearFamily());

  private final String name;
  private final ArchitectureFamily family;

  Architecture(String name, ArchitectureFamily family) {
    this.name = name;
    this.family = family;
  }

  @Override
  public String configName() {
    return name;
  }

  /** What the project knows about this family: the one place to ask instead of comparing constants. */
  public ArchitectureFamily family() {
    return family;
  }

  /** Whether the residual branch scale beta is a parameter of this family. */
  public boolean usesBeta() {
    return family.usesBeta();
  }

  public static Architecture parse(String key, String value) {
    return ConfigName.parse(Architecture.class, key, value);
  }
}
