package org.shattered.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.shattered.measure.MeanFieldPairCorrelation;
import org.shattered.measure.PathDecomposition;
import org.shattered.measure.PathLength;
import org.shattered.spec.ActivationSpec;
import org.shattered.spec.Architecture;
import org.shattered.spec.GradientMode;
import org.shattered.spec.InputKind;
import org.shattered.spec.Normalization;
import org.shattered.spec.PathDecompositionRule;
import org.shattered.spec.PlannedTask;
import org.shattered.spec.Precision;
import org.shattered.spec.SpecException;
import org.shattered.spec.TaskBounds;
import org.shattered.spec.TaskSpec;
import org.shattered.sweep.MeasuringEngine;
import org.shattered.sweep.ResultSchema;
import org.shattered.sweep.TaskExecution;
import org.shattered.sweep.TaskOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shattered task}: measures seeds 0..S-1 of one configuration in this process, without Spark. */
@Command(name = "task", mixinStandardHelpOptions = true, defaultValueProvider = ReferenceDefaults.class,
    description = "Measure seeds 0..S-1 of one network configuration without starting Spark.")
final class TaskCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--architecture", description = "feedforward, resnet or looks-linear (default: ${DEFAULT-VALUE}).")
  String architecture;

  @Option(names = "--normalization", description = "none or batch (default: ${DEFAULT-VALUE}).")
  String normalization;

  @Option(names = "--depth", required = true, description = "Number of ReLU layers L (>= 1).")
  int depth;

  @Option(names = "--width", description = "Units per layer N (>= 1, default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--beta", description = "Residual branch scale (>= 0, resnet only; default: ${DEFAULT-VALUE}).")
  double beta;

  @Option(names = "--seeds", defaultValue = "1", description = "Number of seeds S (>= 1): seeds 0..S-1 (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--points",
      description = "Number of inputs P (>= 3; line: on [-2, 2]; default: ${DEFAULT-VALUE}).")
  int points;

  @Option(names = "--inputs",
      description = "line (1-D grid on [-2, 2]) or sphere (P points on the sphere of radius sqrt(d) in R^d; default: ${DEFAULT-VALUE}).")
  String inputs;

  @Option(names = "--input-dim",
      description = "Input dimension d: 1 for line, >= 2 for sphere (default: ${DEFAULT-VALUE}).")
  int inputDim;

  @Option(names = "--input-seed",
      description = "Seed of the sphere's points (>= 0, the same for every seed S; default: ${DEFAULT-VALUE}).")
  long inputSeed;

  @Option(names = "--max-lag", description = "Largest autocorrelation lag K (default: ${DEFAULT-VALUE}, at most P - 1).")
  int maxLag;

  @Option(names = "--precision", description = "double or float (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--gradient-mode",
      description = "frozen (batch statistics constant) or through-batch (default: ${DEFAULT-VALUE}).")
  String gradientMode;

  @Option(names = "--activation", description = "relu, tanh, linear, swish or "
      + "leaky-relu:A with a slope A in [0, 1) (default: ${DEFAULT-VALUE}; looks-linear takes relu only).")
  String activation;

  @Option(names = "--weight-variance", description = "sigma_w^2 (> 0): stem N(0, sigma_w^2/d), "
      + "hidden layers N(0, sigma_w^2/N) (default: ${DEFAULT-VALUE}, He initialization).")
  double weightVariance;

  @Option(names = "--bias-variance", description = "sigma_b^2 (>= 0): biases N(0, sigma_b^2) "
      + "on every pre-activation (default: ${DEFAULT-VALUE}: no biases).")
  double biasVariance;

  @Option(names = "--path-decomposition", description = "Also split the gradient by path length (resnet, with "
      + "frozen statistics or no normalization): a table per seed, or the field paths in --json.")
  boolean pathDecomposition;

  @Option(names = "--json", description = "Print one JSON object per line per seed.")
  boolean json;

  @Option(names = "--gradient", description = "With --json, include the gradient vector.")
  boolean gradient;

  @Override
  public Integer call() throws Exception {
    SpecException.require(Double.isFinite(beta) && beta >= 0, "--beta", beta, "a finite number >= 0");
    SpecException.require(seeds >= 1, "--seeds", seeds, "an integer >= 1");
    TaskSpec base = cliSpec(0);
    TaskBounds.check("--depth", base);
    String refused = pathDecomposition ? PathDecompositionRule.refusal(base) : null;
    if (refused != null) {
      throw new SpecException("--path-decomposition", refused + "; allowed: --architecture resnet (or feedforward, "
          + "one path length) with --gradient-mode frozen or --normalization none");
    }
    PrintWriter out = spec.commandLine().getOut();
    ObjectMapper mapper = new ObjectMapper();
    if (!json) {
      out.printf(Locale.ROOT, "%s, P=%d, %s, %s%n", base.label().replace(" seed=0", ""), base.points(),
          base.precision().configName(), base.gradientMode().configName());
      out.printf(Locale.ROOT, "%6s %9s %6s %11s %11s %11s %11s %11s %11s %14s %14s %9s%n", "seed", "acf_lag1",
          "const", "pair_cosine", "pred_pairs", "mean_field", "active_last", "const_units", "coact_last",
          "coact_lag1_last", "pair_sd_ratio", "millis");
    }
    String noMeanField = json ? null : MeanFieldPairCorrelation.refusal(base);
    MeasuringEngine engine = new MeasuringEngine(pathDecomposition);
    int failures = 0;
    for (int s = 0; s < seeds; s++) {
      TaskSpec task = base.withSeed(s);
      TaskOutcome o = TaskExecution.run(engine, new PlannedTask(task, task.betaOrNull() == null ? null
          : Double.toString(task.beta())));
      failures += o.ok() ? 0 : 1;
      if (json) {
        Map<String, Object> fields = ResultSchema.taskFields(o, gradient);
        if (pathDecomposition) {
          fields.put("paths", ResultSchema.pathFields(o));
        }
        out.println(mapper.writeValueAsString(fields));
      } else if (o.ok()) {
        var m = o.measurement();
        var last = m.lastLayer();
        String acf = m.acf() == null ? "-" : String.format(Locale.ROOT, "%.4f", m.acfLag1());
        String meanField = Double.isNaN(m.meanFieldPairCorrelation()) ? "-"
            : String.format(Locale.ROOT, "%.4f", m.meanFieldPairCorrelation());
        out.printf(Locale.ROOT, "%6d %9s %6s %11.4f %11.4f %11s %11.4f %11.4f %11.4f %14.4f %14.3f %9.1f%s%n", s,
            acf, m.constantGradient() ? "yes" : "no", m.pairCosine(), m.predictedPairCorrelation(), meanField,
            last.activeFraction(), last.constantUnits(), last.coactivation(), last.coactivationLag1(),
            last.coactivationPairRatio(), o.millis(),
            m.precisionFlag() ? String.format(Locale.ROOT, "  precision lost: %.1f bits", m.precisionLossBits())
                : "");
        if (m.paths() != null) {
          printPaths(out, m.paths());
        } else if (pathDecomposition) {
          out.printf(Locale.ROOT, "%6s no path rows: a feedforward net has the single path length %d%n", "",
              base.depth());
        }
      } else {
        out.printf(Locale.ROOT, "%6d failed: %s%n", s, o.error());
      }
      out.flush();
    }
    if (noMeanField != null) {
      out.printf(Locale.ROOT, "mean_field: - because %s; pred_pairs is the prediction from this network's "
          + "measured derivatives, mean_field the quadrature theory from sigma_w^2, sigma_b^2 and the activation%n",
          noMeanField);
      out.flush();
    }
    return failures == 0 ? 0 : 1;
  }

  /** One seed's path lengths: k, binomial(L, k), rms, energy share (and cumulative), c_1 and pair cosine of g^(k). */
  private static void printPaths(PrintWriter out, PathDecomposition d) {
    out.printf(Locale.ROOT, "%6s mean path length %.3f (energy-weighted), path energy ratio %.3f (sum of the parts' "
        + "energies over the gradient's)%n", "", d.meanPathLength(), d.energyRatio());
    out.printf(Locale.ROOT, "%6s %6s %12s %12s %12s %12s %9s %11s%n", "", "k", "paths", "rms", "energy_share",
        "cumulative", "acf_lag1", "pair_cosine");
    for (PathLength k : d.lengths()) {
      String acf = k.acfLag1() == null ? "-" : String.format(Locale.ROOT, "%.4f", k.acfLag1());
      out.printf(Locale.ROOT, "%6s %6d %12.6g %12.4e %12.4e %12.6f %9s %11.4f%s%n", "", k.pathLength(), k.paths(),
          k.rms(), k.energyShare(), k.cumulativeEnergyShare(), acf, k.pairCosine(),
          k.constantGradient() ? " (constant)" : "");
    }
  }

  /** The default K is capped at P - 1 for small P; an explicit --max-lag is taken as given. */
  private int lag() {
    boolean explicit = spec.commandLine().getParseResult().hasMatchedOption("--max-lag");
    return explicit ? maxLag : Math.min(maxLag, Math.max(1, points - 1));
  }

  private TaskSpec cliSpec(long seed) {
    try {
      return new TaskSpec(Architecture.parse("architecture", architecture),
          Normalization.parse("normalization", normalization), GradientMode.parse("gradient-mode", gradientMode),
          Precision.parse("precision", precision), depth, width, beta, biasVariance, points, TaskSpec.DEFAULT_INPUT_MIN,
          TaskSpec.DEFAULT_INPUT_MAX, lag(), seed, InputKind.parse("inputs", inputs), inputDim, inputSeed,
          ActivationSpec.parse("activation", activation), weightVariance);
    } catch (SpecException e) {
      throw new SpecException("--" + e.key(), e.getMessage().substring(e.key().length() + 2));
    }
  }
}
