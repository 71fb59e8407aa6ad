package org.shattered.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.shattered.spec.SpecException;
import org.shattered.theory.IndependentGateMonteCarlo;
import org.shattered.theory.IndependentGateMonteCarlo.Estimate;
import org.shattered.theory.TheoryCurves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shattered theory}: the Monte-Carlo check of the theory table (docs/science.md). For each
 * depth it prints the closed form and the independent-gate Monte-Carlo estimate (with its standard
 * error) for the feedforward net, resnets with beta = 1, 0.5 and 0.1 without normalization, the
 * beta-aware batch-norm resnet at the same betas (the stream's batch variance growing by (1 - 1/pi)
 * beta^2 a layer), and the paper's batch-norm heuristic. The standard error (about 0.01-0.02 with
 * 4000 samples) does not shrink with the value, so a point whose theory value is below 3 standard
 * errors tests nothing; the output says how many points that is ({@code testable} in JSON).
 */
@Command(name = "theory", mixinStandardHelpOptions = true,
    description = "Monte-Carlo check of the theory curves: gradient correlation with independent gates "
        + "against 2^-L, ((1 + beta^2/2) / (1 + beta^2))^L, the beta-aware batch-norm resnet product and the paper's "
        + "1/l heuristic.")
final class TheoryCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--max-depth", defaultValue = "8", description = "Depths 1..L (default: ${DEFAULT-VALUE}).")
  int maxDepth;

  @Option(names = "--width", defaultValue = "100", description = "Width N (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--samples", defaultValue = "4000", description = "Monte-Carlo draws per point (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the Monte Carlo (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--stem-variance", defaultValue = "2", description = "v_1 = 2|x|^2/d of the batch-norm resnet "
      + "curve (default: ${DEFAULT-VALUE}, sphere inputs).")
  double stemVariance;

  @Option(names = "--json", description = "One JSON object per line per curve and depth.")
  boolean json;

  /** One curve: its name, closed form and Monte-Carlo estimator. */
  private record Curve(String name, java.util.function.IntToDoubleFunction formula,
      java.util.function.IntFunction<Estimate> monteCarlo) {
  }

  /** Whether the theory value exceeds 3 Monte-Carlo standard errors, so that a point can tell it from 0. */
  private static boolean testable(double theory, Estimate e) {
    return theory > 3 * e.standardError();
  }

  @Override
  public Integer call() throws Exception {
    SpecException.require(maxDepth >= 1 && maxDepth <= 1000, "--max-depth", maxDepth, "an integer from 1 to 1000");
    SpecException.require(width >= 1, "--width", width, "an integer >= 1");
    SpecException.require(samples >= 2, "--samples", samples, "an integer >= 2");
    SpecException.require(stemVariance > 0 && Double.isFinite(stemVariance), "--stem-variance", stemVariance,
        "a number > 0");
    List<Curve> curves = new ArrayList<>();
    curves.add(new Curve("feedforward", TheoryCurves::feedforward,
        l -> IndependentGateMonteCarlo.feedforward(l, width, samples, seed + l)));
    for (double beta : new double[] {1.0, 0.5, 0.1}) {
      curves.add(new Curve("resnet beta=" + beta, l -> TheoryCurves.resnet(beta, l),
          l -> IndependentGateMonteCarlo.resnet(l, width, beta, samples, seed + l)));
    }
    for (double beta : new double[] {1.0, 0.5, 0.1}) {
      curves.add(new Curve("resnet bn beta=" + beta, l -> TheoryCurves.resnetBatchNorm(beta, l, stemVariance),
          l -> IndependentGateMonteCarlo.resnetBatchNorm(l, beta, stemVariance, width, samples, seed + l)));
    }
    curves.add(new Curve("resnet bn 1/l", TheoryCurves::resnetBatchNormHeuristic,
        l -> IndependentGateMonteCarlo.resnetBatchNormHeuristic(l, width, samples, seed + l)));
    PrintWriter out = spec.commandLine().getOut();
    ObjectMapper mapper = new ObjectMapper();
    if (!json) {
      out.printf(Locale.ROOT, "independent gates, N=%d, %d samples per point, batch-norm v_1=%s; "
          + "z = (MC - theory) / SE%n", width, samples, stemVariance);
      out.printf(Locale.ROOT, "%-20s %5s %10s %10s %8s %7s%n", "curve", "depth", "theory", "MC", "SE", "z");
    }
    List<Double> z = new ArrayList<>();
    int untestable = 0;
    for (Curve c : curves) {
      for (int l = 1; l <= maxDepth; l++) {
        double theory = c.formula().applyAsDouble(l);
        Estimate e = c.monteCarlo().apply(l);
        double zScore = (e.correlation() - theory) / e.standardError();
        z.add(zScore);
        untestable += testable(theory, e) ? 0 : 1;
        if (json) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("curve", c.name());
          row.put("depth", l);
          row.put("width", width);
          row.put("theory", theory);
          row.put("monte_carlo", e.correlation());
          row.put("standard_error", e.standardError());
          row.put("samples", e.samples());
          row.put("testable", testable(theory, e));
          out.println(mapper.writeValueAsString(row));
        } else {
          out.printf(Locale.ROOT, "%-20s %5d %10.4f %10.4f %8.4f %7.2f%n", c.name(), l, theory, e.correlation(),
              e.standardError(), zScore);
        }
      }
    }
    if (!json) {
      double rms = Math.sqrt(z.stream().mapToDouble(v -> v * v).average().orElse(0));
      out.printf(Locale.ROOT, "rms z over %d points: %.2f (about 1 when the formulas hold; finite-N effects "
          + "grow with depth)%n", z.size(), rms);
      out.printf(Locale.ROOT, "%d of %d points have theory below 3 SE of the Monte Carlo and test nothing (the SE does "
          + "not shrink with the value; raise --samples to test deeper)%n", untestable, z.size());
    }
    out.flush();
    return 0;
  }
}
