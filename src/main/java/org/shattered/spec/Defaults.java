package org.shattered.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * The defaults of reference.conf, where every default is written once: the sweep reads them as its
 * configuration's fallback ({@link SweepConfig}), the {@code task} command as its options' defaults
 * (a grid axis gives its first value), and {@link TaskSpec}'s defaults come from here.
 */
public final class Defaults {
  private static final Config SWEEP = ConfigFactory.defaultReference().resolve().getConfig("sweep");

  private Defaults() {
  }

  /**
   * The value of {@code sweep.<key>} in reference.conf as text (a list: its first element; a
   * whole number as Typesafe Config keeps it, 1.0 as 1, which parses to the same double).
   */
  public static String sweep(String key) {
    ConfigValue v = SWEEP.getValue(key);
    if (v instanceof ConfigList list) {
      v = list.get(0);
    }
    return v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : v.render(ConfigRenderOptions.concise());
  }

  /** The first value of grid axis {@code axis} ({@code sweep.grid.<axis>}), as text. */
  public static String gridAxis(String axis) {
    return sweep("grid." + axis);
  }

  static int sweepInt(String key) {
    return SWEEP.getInt(key);
  }

  static double sweepDouble(String key) {
    return SWEEP.getDouble(key);
  }

  static int gridInt(String axis) {
    return SWEEP.getIntList("grid." + axis).get(0);
  }
}
