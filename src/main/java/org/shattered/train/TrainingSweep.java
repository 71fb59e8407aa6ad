package org.shattered.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import org.shattered.data.FashionMnist;
import org.shattered.spec.BetaValue;
import org.shattered.spec.GridRule;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.SpecException;
import org.shattered.spec.TrainingAxes;

/**
 * The tasks of a training sweep ({@code sweep.task = train}): every combination of its axes, in a
 * fixed order (seed, architecture, normalization, precision, width, depth, beta (resnet only),
 * learning rate, momentum, batch size, steps), pruned by the only/exclude rules, later duplicates of
 * a key dropped. The seed comes first so that a sweep stopped early holds whole seeds of the grid:
 * every family, depth and learning rate, with fewer repetitions.
 */
public final class TrainingSweep {
  /** Bumped whenever the same training parameters would give other numbers. */
  public static final int TRAIN_ENGINE_VERSION = 1;

  private TrainingSweep() {
  }

  /** The allowed architecture names of a training sweep. */
  public static List<String> families() {
    return Arrays.stream(Family.values()).map(Family::configName).toList();
  }

  public static List<TrainTask> tasks(TrainingAxes a) {
    List<TrainTask> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<BetaValue> noBeta = java.util.Collections.singletonList(null);
    for (long seed : a.seed()) {
      for (String arch : a.architectures()) {
        Family family = Family.parse("sweep.grid.architecture", arch);
        for (Normalization norm : a.normalization()) {
          for (Precision prec : a.precision()) {
            for (int width : a.width()) {
              for (int depth : a.depth()) {
                for (BetaValue beta : family == Family.RESNET ? a.beta() : noBeta) {
                  for (double lr : a.learningRate()) {
                    for (double momentum : a.momentum()) {
                      for (int batch : a.batchSize()) {
                        for (int steps : a.steps()) {
                          TrainSpec spec = new TrainSpec(family, norm, prec, depth, width,
                              beta == null ? Double.NaN : beta.at(depth), seed, lr, momentum, batch, steps,
                              a.checkpointEvery());
                          TrainTask task = new TrainTask(spec, beta == null ? null : beta.label());
                          if (a.kept(axis -> canonicalValue(task, axis)) && seen.add(task.key())) {
                            out.add(task);
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** The canonical text of one axis of a task, as rule values are canonicalized. */
  static String canonicalValue(TrainTask task, String axis) {
    TrainSpec s = task.spec();
    return switch (axis) {
      case "architecture" -> s.family().configName();
      case "normalization" -> s.normalization().configName();
      case "precision" -> s.precision().configName();
      case "width" -> GridRule.number(s.width());
      case "depth" -> GridRule.number(s.depth());
      case "beta" -> task.betaRule() == null ? "none" : task.betaRule();
      case "learning-rate" -> GridRule.number(s.learningRate());
      case "momentum" -> GridRule.number(s.momentum());
      case "batch-size" -> GridRule.number(s.batchSize());
      case "steps" -> GridRule.number(s.steps());
      case "seed" -> GridRule.number(s.seed());
      default -> throw new IllegalArgumentException("not a training axis: " + axis);
    };
  }

  /** Refuses a task whose batch is larger than the training set, naming the config key. */
  public static void checkBatches(List<TrainTask> tasks, FashionMnist data) {
    for (TrainTask t : tasks) {
      if (t.spec().batchSize() > data.train().count()) {
        throw SpecException.badValue("sweep.train.batch-size", t.spec().batchSize(),
            "integers from 1 to the training set's " + data.train().count() + " images");
      }
    }
  }

  /**
   * The settings a training results directory must agree on: the engine version and the dataset
   * (image counts and a CRC32C of its bytes), so one directory never mixes data or engines.
   */
  public static String settings(FashionMnist data) {
    CRC32C crc = new CRC32C();
    crc.update(data.train().pixels());
    crc.update(data.train().labels());
    crc.update(data.test().pixels());
    crc.update(data.test().labels());
    return "task=train;train-engine=" + TRAIN_ENGINE_VERSION + ";data=" + data.train().count() + "+"
        + data.test().count() + " images, crc32c " + String.format("%08x", crc.getValue());
  }
}
