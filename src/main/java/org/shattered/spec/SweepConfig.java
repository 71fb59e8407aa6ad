package org.shattered.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads an experiment file with its overrides, rejects unknown keys and bad values, and builds the
 * {@link SweepSpec}. Precedence, highest first: {@code --set key=value} (the later of two wins), {@code -Dkey=value} system
 * properties, {@code CONFIG_FORCE_*} environment variables, the experiment file, the run profile,
 * {@code reference.conf}. Every error is a {@link SpecException} naming the key and where it was set.
 */
public final class SweepConfig {
  private static final List<String> TOP_LEVEL = List.of("sweep", "spark");
  private static final String FREE_FORM = "spark.conf";

  private SweepConfig() {
  }

  /**
   * Loads and resolves the configuration.
   *
   * @param experiment the experiment file (jobs/*.conf)
   * @param profile an optional run profile (conf/local.conf), or null
   * @param sets {@code key=value} overrides in HOCON syntax
   */
  public static Config load(Path experiment, Path profile, List<String> sets) {
    Config reference = ConfigFactory.defaultReference();
    List<Config> layers = new ArrayList<>();
    // Highest precedence first, so the later of two --set of one key wins (as with Spark's --conf).
    for (int i = sets.size() - 1; i >= 0; i--) {
      layers.add(parseSet(sets.get(i)));
    }
    layers.add(asHocon(subtrees(ConfigFactory.parseProperties(System.getProperties())), "system property -D"));
    layers.add(asHocon(subtrees(ConfigFactory.systemEnvironmentOverrides()), "environment variable for "));
    layers.add(parseFile("CONFIG", experiment));
    if (profile != null) {
      layers.add(parseFile("--profile", profile));
    }
    Config merged = ConfigFactory.empty();
    for (Config layer : layers) {
      checkKnownKeys(layer, reference);
      merged = merged.withFallback(layer);
    }
    try {
      return merged.withFallback(reference).resolve(ConfigResolveOptions.defaults().setAllowUnresolved(false));
    } catch (ConfigException e) {
      throw new SpecException("CONFIG", e.getMessage());
    }
  }

  private static Config parseSet(String set) {
    int eq = set.indexOf('=');
    if (eq <= 0) {
      throw SpecException.badValue("--set", set, "key=value, e.g. --set sweep.grid.depth=[1,8,24]");
    }
    try {
      return ConfigFactory.parseString(set, ConfigParseOptions.defaults().setOriginDescription("--set " + set));
    } catch (ConfigException e) {
      throw SpecException.badValue("--set", set, "key=value in HOCON syntax (" + e.getMessage() + ")");
    }
  }

  private static Config parseFile(String key, Path file) {
    if (!Files.isRegularFile(file)) {
      throw SpecException.badValue(key, file, "an existing config file");
    }
    try {
      Config parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)
          .setIncluder(new RequiredIncluder()));
      DuplicateKeys.check(key, file);
      return parsed;
    } catch (ConfigException e) {
      throw new SpecException(key, e.getMessage());
    }
  }

  /** Only the sweep and spark subtrees of system properties and environment overrides concern us. */
  private static Config subtrees(Config all) {
    Config out = ConfigFactory.empty();
    for (String top : TOP_LEVEL) {
      if (all.hasPath(top)) {
        out = out.withFallback(all.withOnlyPath(top));
      }
    }
    return out;
  }

  /**
   * System properties and environment variables arrive as strings; each is read as a HOCON value
   * (so -Dsweep.grid.depth=[1,8] is a list), or kept as a string where it is not valid HOCON.
   */
  private static Config asHocon(Config strings, String originPrefix) {
    Config out = ConfigFactory.empty();
    for (Map.Entry<String, ConfigValue> e : strings.entrySet()) {
      String path = e.getKey();
      ConfigValue v = e.getValue();
      ConfigParseOptions origin = ConfigParseOptions.defaults().setOriginDescription(originPrefix + path);
      Config one;
      try {
        one = v.valueType() == ConfigValueType.STRING
            ? ConfigFactory.parseString(path + " = " + v.unwrapped(), origin) : strings.withOnlyPath(path);
        one.getValue(path);
      } catch (ConfigException ex) {
        one = ConfigFactory.parseMap(Map.of(path, v.unwrapped()), originPrefix + path);
      }
      out = out.withFallback(one);
    }
    return out;
  }

  /**
   * Refuses a {@code spark.conf} entry Spark would ignore or that another key owns: every entry is
   * passed to Spark as it is, so it must be named like Spark's settings ({@code spark.*}, including
   * {@code spark.hadoop.*}); the master is {@code spark.master} (or {@code --master}), not an entry
   * there, where the default of that key would shadow it.
   */
  public static void checkSparkConfKey(String key) {
    if (!key.startsWith("spark.")) {
      throw SpecException.badValue(FREE_FORM, key,
          "Spark settings named like Spark's own, starting with spark. (e.g. spark.conf.\"spark.ui.enabled\" = false)");
    }
    if (key.equals("spark.master")) {
      throw SpecException.badValue(FREE_FORM, key,
          "any Spark setting but the master, which is spark.master (--set spark.master=URL) or --master");
    }
  }

  /** Rejects any key reference.conf does not know, with the closest known key suggested. */
  static void checkKnownKeys(Config layer, Config reference) {
    Set<String> known = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
      known.add(e.getKey());
    }
    for (String top : layer.root().keySet()) {
      if (!TOP_LEVEL.contains(top)) {
        String where = layer.root().get(top).origin().description();
        throw new SpecException(top, "unknown key (" + where + ")" + suggestion(top, new TreeSet<>(TOP_LEVEL)));
      }
    }
    for (Map.Entry<String, ConfigValue> e : layer.entrySet()) {
      String path = e.getKey();
      if (path.startsWith(FREE_FORM + ".")) {
        List<String> parts = com.typesafe.config.ConfigUtil.splitPath(path);
        checkSparkConfKey(String.join(".", parts.subList(2, parts.size())));
        continue;
      }
      if (known.contains(path)) {
        continue;
      }
      if (isRangeKey(path, known)) {
        continue;
      }
      String where = e.getValue().origin().description();
      throw new SpecException(path, "unknown key (" + where + ")" + suggestion(path, known));
    }
  }

  /** sweep.grid.AXIS.from|to|step|factor (or sweep.train.AXIS...): the parts of a range, checked when read. */
  private static boolean isRangeKey(String path, Set<String> known) {
    int dot = path.lastIndexOf('.');
    return dot > 0 && (path.startsWith("sweep.grid.") || path.startsWith("sweep.train."))
        && known.contains(path.substring(0, dot));
  }

  private static String suggestion(String path, Set<String> known) {
    if (path.endsWith("grid.bias-std")) {
      return "; biases are set by sweep.grid.bias-variance, sigma_b^2 (bias-variance = bias-std^2)";
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = levenshtein(path, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best != null && bestDistance <= Math.max(3, path.length() / 3) ? "; did you mean '" + best + "'?" : "";
  }

  static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * Whether {@code sweep.task} is {@code train} (a training sweep, {@link TrainingAxes}) rather than
   * {@code measure} (measurement at initialization, {@link #sweepSpec}).
   */
  public static boolean isTraining(Config config) {
    ConfigReader r = new ConfigReader(config);
    String task = r.string("sweep.task");
    if (!task.equals("measure") && !task.equals("train")) {
      throw r.error("sweep.task", task, "measure (measurement at initialization) or train (training tasks)");
    }
    return task.equals("train");
  }

  /** Builds the validated sweep from a config returned by {@link #load}. */
  public static SweepSpec sweepSpec(Config config) {
    ConfigReader r = new ConfigReader(config);
    String g = "sweep.grid.";
    GridAxes axes = new GridAxes(
        r.enumAxis(g + "architecture", Architecture.class),
        r.enumAxis(g + "normalization", Normalization.class),
        r.enumAxis(g + "gradient-mode", GradientMode.class),
        r.enumAxis(g + "precision", Precision.class),
        r.intAxis(g + "points", 3),
        r.doubleAxis(g + "bias-variance", "finite numbers >= 0 (sigma_b^2; 0: no biases)",
            d -> Double.isFinite(d) && d >= 0),
        r.intAxis(g + "width", 1),
        r.intAxis(g + "depth", 1),
        r.betaAxis(g + "beta"),
        r.seedAxis(g + "seed"),
        r.enumAxis(g + "inputs", InputKind.class),
        r.intAxis(g + "input-dim", 1),
        r.activationAxis(g + "activation"),
        r.doubleAxis(g + "weight-variance", "finite numbers > 0 (sigma_w^2; 2 is He initialization)",
            d -> Double.isFinite(d) && d > 0));
    checkInputDims(r, axes);
    checkReluOnlyActivation(r, axes);
    double inputMin = r.finiteDouble("sweep.input-min");
    double inputMax = r.finiteDouble("sweep.input-max");
    if (inputMax <= inputMin) {
      throw r.error("sweep.input-max", inputMax, "a number greater than sweep.input-min (" + inputMin + ")");
    }
    int minPoints = axes.points().stream().mapToInt(Integer::intValue).min().orElseThrow();
    int maxLag = r.integer("sweep.max-lag", 1, minPoints - 1);
    String name = r.string("sweep.name");
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw r.error("sweep.name", name, "letters, digits, '.', '_' and '-'");
    }
    boolean paths = r.bool("sweep.path-decomposition");
    String output = r.string("sweep.output").isBlank() ? "results/" + name : r.string("sweep.output");
    SweepSpec sweep = new SweepSpec(name, output, axes, rules(config, r, "sweep.only"),
        rules(config, r, "sweep.exclude"), inputMin, inputMax, maxLag, r.bool("sweep.store-gradients"),
        r.integer("sweep.batch-size", 1, 10_000_000), r.integer("sweep.partitions-per-core", 1, 1000),
        hash(config), paths, r.longAtLeast("sweep.input-seed", 0));
    if (paths) {
      String refused = pathDecompositionRefusal(sweep);
      if (refused != null) {
        throw r.error("sweep.path-decomposition", true, "false, or a grid without looks-linear tasks and without "
            + "through-batch tasks with batch norm (exclude them with sweep.exclude): " + refused);
      }
    }
    TaskBounds.checkGrid(sweep, r::where);
    return sweep;
  }

  /**
   * Why the path decomposition cannot run on this grid (the first task that has none, after the
   * only/exclude rules), or null. Streams the grid only when its axes could hold such a task.
   */
  static String pathDecompositionRefusal(SweepSpec sweep) {
    GridAxes a = sweep.axes();
    boolean possible = a.architecture().stream().anyMatch(x -> x.family().pathDecompositionRefusal() != null)
        || (a.normalization().contains(Normalization.BATCH) && a.gradientMode().contains(GradientMode.THROUGH_BATCH));
    if (!possible) {
      return null;
    }
    return sweep.grid().first(t -> PathDecompositionRule.refusal(t.spec()));
  }

  /**
   * The input-dim axis applies to sphere inputs, each value at least 2; a grid of line inputs alone
   * takes only d = 1 (line inputs are 1-D).
   */
  private static void checkInputDims(ConfigReader r, GridAxes axes) {
    String path = "sweep.grid.input-dim";
    if (axes.inputs().contains(InputKind.SPHERE)) {
      for (int d : axes.inputDim()) {
        if (d < 2) {
          throw r.error(path, d, "integers >= 2 for sphere inputs (the sphere of R^1 is the two points -1 and 1;"
              + " e.g. input-dim = 100)");
        }
      }
    } else if (!axes.inputDim().equals(java.util.List.of(1))) {
      throw r.error(path, axes.inputDim().size() == 1 ? axes.inputDim().get(0) : axes.inputDim(),
          "1 for line inputs (set sweep.grid.inputs = sphere for d > 1)");
    }
  }

  /**
   * A ReLU-only family (looks-linear: defined by the ReLU mirror) gets relu alone from the grid; an
   * activation axis without relu would leave its tasks with an activation the axis does not name.
   */
  private static void checkReluOnlyActivation(ConfigReader r, GridAxes axes) {
    if (axes.activation().contains(ActivationSpec.RELU)) {
      return;
    }
    for (Architecture a : axes.architecture()) {
      String because = a.family().reluOnlyBecause();
      if (because != null) {
        String path = "sweep.grid.activation";
        throw r.error(path, axes.activation().size() == 1 ? axes.activation().get(0) : axes.activation(),
            "a list holding relu when the grid has " + a.configName() + " (it is ReLU-only: " + because + ")");
      }
    }
  }

  private static List<GridRule> rules(Config config, ConfigReader r, String path) {
    return rules(config, r, path, GridAxes.KEYS, SweepConfig::canonicalRuleValue);
  }

  /** The canonical text of a rule's value for an axis (as {@link GridRule} compares them). */
  @FunctionalInterface
  interface RuleValue {
    String canonical(String path, String axis, ConfigValue value);
  }

  /** Only or exclude rules at {@code path} over the axes {@code keys}. */
  static List<GridRule> rules(Config config, ConfigReader r, String path, List<String> keys, RuleValue canonical) {
    ConfigValue v = config.getValue(path);
    if (v.valueType() != ConfigValueType.LIST) {
      throw r.error(path, v.unwrapped(), "a list of rules like [{architecture = resnet, depth = [1, 2]}]");
    }
    List<GridRule> out = new ArrayList<>();
    int i = 0;
    for (ConfigValue item : (ConfigList) v) {
      String itemPath = path + "[" + i++ + "]";
      if (item.valueType() != ConfigValueType.OBJECT || ((ConfigObject) item).isEmpty()) {
        throw r.error(itemPath, item.unwrapped(), "an object of grid keys, e.g. {architecture = resnet}");
      }
      Map<String, List<String>> values = new LinkedHashMap<>();
      for (Map.Entry<String, ConfigValue> e : ((ConfigObject) item).entrySet()) {
        String axis = e.getKey();
        if (!keys.contains(axis)) {
          throw new SpecException(itemPath + "." + axis, "unknown grid key (" + item.origin().description()
              + "); allowed: " + String.join(", ", keys));
        }
        List<ConfigValue> raw = e.getValue().valueType() == ConfigValueType.LIST
            ? new ArrayList<>((ConfigList) e.getValue()) : List.of(e.getValue());
        List<String> canon = new ArrayList<>();
        for (ConfigValue rv : raw) {
          canon.add(canonical.canonical(itemPath + "." + axis, axis, rv));
        }
        values.put(axis, canon);
      }
      out.add(new GridRule(values));
    }
    return out;
  }

  static String canonicalRuleValue(String path, String axis, ConfigValue v) {
    Object u = v.unwrapped();
    return switch (axis) {
      case "architecture" -> Architecture.parse(path, String.valueOf(u)).configName();
      case "normalization" -> Normalization.parse(path, String.valueOf(u)).configName();
      case "gradient-mode" -> GradientMode.parse(path, String.valueOf(u)).configName();
      case "precision" -> Precision.parse(path, String.valueOf(u)).configName();
      case "inputs" -> InputKind.parse(path, String.valueOf(u)).configName();
      case "activation" -> ActivationSpec.parse(path, String.valueOf(u)).configName();
      case "beta" -> u instanceof Number n ? BetaValue.constant(n.doubleValue()).label()
          : BetaValue.parse(path, String.valueOf(u)).label();
      default -> {
        if (!(u instanceof Number n)) {
          throw SpecException.badValue(path, u, "a number");
        }
        yield GridRule.number(n.doubleValue());
      }
    };
  }

  /**
   * {@code sweep.max-estimated-hours}: the largest estimated run time (hours on the cores the sweep
   * runs on) that {@code sweep} starts without {@code --yes}.
   */
  public static double maxEstimatedHours(Config config) {
    ConfigReader r = new ConfigReader(config);
    double h = r.finiteDouble(MAX_HOURS);
    if (h <= 0) {
      throw r.error(MAX_HOURS, h, "a number of hours > 0");
    }
    return h;
  }

  private static final String MAX_HOURS = "sweep.max-estimated-hours";

  /**
   * 12 hex digits of SHA-256 over the resolved sweep subtree, without the output path and the cost
   * limit (neither changes what is measured).
   */
  static String hash(Config config) {
    Config sweep = config.getConfig("sweep").withoutPath("output").withoutPath("max-estimated-hours");
    if (!isTraining(config)) {
      // keys a measurement sweep does not read: left out, so its hash is what it was before they existed
      sweep = sweep.withoutPath("task").withoutPath("train");
    }
    String text = sweep.root().render(ConfigRenderOptions.concise().setJson(true));
    return HexFormat.of().formatHex(TaskKey.sha256(text), 0, 6);
  }
}
