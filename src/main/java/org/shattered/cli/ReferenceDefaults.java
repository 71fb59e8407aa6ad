package org.shattered.cli;

import java.util.Map;
import org.shattered.spec.Defaults;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of the {@code task} command's options, read from reference.conf ({@link Defaults}) so
 * that a task computed alone and one of a sweep's grid default to the same values: each option names
 * the sweep key whose (first) value it takes. Options without a key here keep their own default.
 */
final class ReferenceDefaults implements IDefaultValueProvider {
  /** Option name to the key under {@code sweep} in reference.conf. */
  private static final Map<String, String> KEYS = Map.ofEntries(
      Map.entry("--architecture", "grid.architecture"),
      Map.entry("--normalization", "grid.normalization"),
      Map.entry("--width", "grid.width"),
      Map.entry("--beta", "grid.beta"),
      Map.entry("--points", "grid.points"),
      Map.entry("--inputs", "grid.inputs"),
      Map.entry("--input-dim", "grid.input-dim"),
      Map.entry("--input-seed", "input-seed"),
      Map.entry("--max-lag", "max-lag"),
      Map.entry("--precision", "grid.precision"),
      Map.entry("--gradient-mode", "grid.gradient-mode"),
      Map.entry("--activation", "grid.activation"),
      Map.entry("--weight-variance", "grid.weight-variance"),
      Map.entry("--bias-variance", "grid.bias-variance"));

  @Override
  public String defaultValue(ArgSpec arg) {
    if (arg instanceof OptionSpec option) {
      String key = KEYS.get(option.longestName());
      return key == null ? null : Defaults.sweep(key);
    }
    return null;
  }
}
