package org.shattered.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.shattered.data.FashionMnist;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.SpecException;
import org.shattered.train.Checkpoint;
import org.shattered.train.Family;
import org.shattered.train.LayerCheck;
import org.shattered.train.TrainResult;
import org.shattered.train.TrainSpec;
import org.shattered.train.Trainer;
import org.shattered.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shattered train}: trains seeds 0..S-1 of one configuration on Fashion-MNIST in this process,
 * without Spark, and prints the figures of docs/science.md, Training, at initialization and at the end.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train seeds 0..S-1 of one network on Fashion-MNIST without Spark (docs/training.md).")
final class TrainCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--architecture", required = true, description = "feedforward, resnet, looks-linear or crelu.")
  String architecture;

  @Option(names = "--depth", required = true, description = "Number of ReLU layers L (>= 1).")
  int depth;

  @Option(names = "--width", defaultValue = "100", description = "Units per layer N (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--learning-rate", required = true, description = "SGD step size (> 0).")
  double learningRate;

  @Option(names = "--steps", required = true, description = "SGD steps (>= 1).")
  int steps;

  @Option(names = "--seeds", defaultValue = "1", description = "Seeds 0..S-1 (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--normalization", defaultValue = "none", description = "none or batch (default: ${DEFAULT-VALUE}).")
  String normalization;

  @Option(names = "--beta", defaultValue = "1.0", description = "Residual branch scale (resnet; default: ${DEFAULT-VALUE}).")
  double beta;

  @Option(names = "--batch-size", defaultValue = "128", description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum in [0, 1) (default: ${DEFAULT-VALUE}).")
  double momentum;

  @Option(names = "--precision", defaultValue = "double", description = "double or float (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--checkpoint-every", description = "Steps between checkpoints (default: the number of steps).")
  Integer checkpointEvery;

  @Option(names = "--data-dir", description = "Folder of the four gzip IDX files (default: "
      + "/usr/share/datasets/fashion-mnist).")
  Path dataDir = FashionMnist.DEFAULT_DIR;

  @Option(names = "--json", description = "Print one JSON object per seed (every checkpoint, every layer).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    SpecException.require(seeds >= 1, "--seeds", seeds, "an integer >= 1");
    TrainSpec base = cliSpec();
    TrainingData data;
    try {
      data = TrainingData.of(FashionMnist.read(dataDir));
      Trainer.check(base, data);
    } catch (SpecException e) {
      throw option(e);
    }
    PrintWriter out = spec.commandLine().getOut();
    ObjectMapper mapper = new ObjectMapper();
    if (!json) {
      out.printf(Locale.ROOT, "%s, %s, batch %d, momentum %s, %d steps%n", base.label().replace(" seed=0", ""),
          base.precision().configName(), base.batchSize(), base.momentum(), base.steps());
      out.printf(Locale.ROOT, "%5s %6s %10s %9s %10s %9s %9s %11s %11s %9s%n", "seed", "step", "train_loss",
          "train_acc", "test_loss", "test_acc", "line_c1", "pair_cosine", "grad_norm", "seconds");
    }
    for (int s = 0; s < seeds; s++) {
      TrainResult r = Trainer.run(base.withSeed(s), data);
      if (json) {
        out.println(mapper.writeValueAsString(fields(r)));
      } else {
        row(out, s, r.initial(), "");
        row(out, s, r.last(), String.format(Locale.ROOT, "%9.1f%s", r.millis() / 1000,
            r.diverged() ? "  diverged at step " + r.divergedAtStep() : ""));
      }
      out.flush();
    }
    return 0;
  }

  private static void row(PrintWriter out, int seed, Checkpoint c, String tail) {
    out.printf(Locale.ROOT, "%5d %6d %10.4f %9.4f %10.4f %9.4f %9.4f %11.4f %11.4g %s%n", seed, c.step(), c.trainLoss(),
        c.trainAccuracy(), c.testLoss(), c.testAccuracy(), c.lineC1(), c.pairCosine(), c.inputGradientNorm(), tail);
  }

  private TrainSpec cliSpec() {
    try {
      return new TrainSpec(Family.parse("architecture", architecture), Normalization.parse("normalization",
          normalization), Precision.parse("precision", precision), depth, width, beta, 0, learningRate, momentum,
          batchSize, steps, checkpointEvery == null ? Math.max(1, steps) : checkpointEvery);
    } catch (SpecException e) {
      throw option(e);
    }
  }

  /** The same refusal, naming the command-line option. */
  private static SpecException option(SpecException e) {
    return new SpecException("--" + e.key(), e.getMessage().substring(e.key().length() + 2));
  }

  /** One seed as JSON: the spec, diverged_at_step (null if none), millis, every checkpoint. */
  static Map<String, Object> fields(TrainResult r) {
    TrainSpec s = r.spec();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("architecture", s.family().configName());
    m.put("normalization", s.normalization().configName());
    m.put("precision", s.precision().configName());
    m.put("depth", s.depth());
    m.put("width", s.width());
    m.put("beta", Double.isNaN(s.beta()) ? null : s.beta());
    m.put("seed", s.seed());
    m.put("learning_rate", s.learningRate());
    m.put("momentum", s.momentum());
    m.put("batch_size", s.batchSize());
    m.put("steps", s.steps());
    m.put("diverged_at_step", r.diverged() ? r.divergedAtStep() : null);
    m.put("millis", r.millis());
    List<Map<String, Object>> cps = new ArrayList<>();
    for (Checkpoint c : r.checkpoints()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("step", c.step());
      f.put("train_loss", num(c.trainLoss()));
      f.put("train_accuracy", num(c.trainAccuracy()));
      f.put("test_loss", num(c.testLoss()));
      f.put("test_accuracy", num(c.testAccuracy()));
      f.put("line_acf_lag1", num(c.lineC1()));
      List<Object> acf = new ArrayList<>();
      for (double v : c.lineAcf()) {
        acf.add(num(v));
      }
      f.put("line_acf", acf);
      f.put("line_constant_gradient", c.lineConstant());
      f.put("pair_cosine", num(c.pairCosine()));
      f.put("input_gradient_norm", num(c.inputGradientNorm()));
      List<Map<String, Object>> layers = new ArrayList<>();
      for (LayerCheck l : c.layers()) {
        Map<String, Object> lf = new LinkedHashMap<>();
        lf.put("layer", l.layer());
        lf.put("units", l.units());
        lf.put("active_fraction", num(l.activeFraction()));
        lf.put("coactivation", num(l.coactivation()));
        lf.put("gradient_norm", num(l.gradientNorm()));
        layers.add(lf);
      }
      f.put("layers", layers);
      cps.add(f);
    }
    m.put("checkpoints", cps);
    return m;
  }

  /** JSON has no NaN or infinity: those are strings, as in {@code task --json}. */
  private static Object num(double v) {
    return Double.isFinite(v) ? v : Double.toString(v);
  }
}
