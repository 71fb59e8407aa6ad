package org.shattered.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The expansion of a sweep's axes into tasks, in a fixed order (architecture, normalization,
 * gradient mode, precision, points, inputs, input dim, activation, weight variance, bias variance,
 * width, depth, beta, seed). Beta is multiplied out only for architectures that use it, the input
 * dimension only for sphere inputs, the activation only for architectures other than looks-linear
 * (ReLU-only); only/exclude rules prune combinations. Expansion is streaming:
 * {@link #forEach} holds one task at a time, so planning a million tasks needs little memory.
 */
public final class Grid {
  private final SweepSpec sweep;

  Grid(SweepSpec sweep) {
    this.sweep = sweep;
  }

  /** Calls {@code action} for every task of the grid, in grid order. Duplicate keys are not removed. */
  public void forEach(Consumer<PlannedTask> action) {
    walk(t -> {
      action.accept(t);
      return true;
    });
  }

  /**
   * The first non-null value of {@code f} over the grid's tasks in grid order, or null; the walk
   * stops there (a question about a grid's first offending task need not expand the rest).
   */
  public <T> T first(Function<PlannedTask, T> f) {
    List<T> found = new ArrayList<>(1);
    walk(t -> {
      T v = f.apply(t);
      if (v != null) {
        found.add(v);
        return false;
      }
      return true;
    });
    return found.isEmpty() ? null : found.get(0);
  }

  /** Visits the kept tasks in grid order while {@code visit} returns true; false when it stopped the walk. */
  private boolean walk(Predicate<PlannedTask> visit) {
    GridAxes a = sweep.axes();
    List<BetaValue> noBeta = java.util.Collections.singletonList(null);
    for (Architecture arch : a.architecture()) {
      for (Normalization norm : a.normalization()) {
        for (GradientMode mode : a.gradientMode()) {
          for (Precision prec : a.precision()) {
            for (int points : a.points()) {
              for (InputKind inputs : a.inputs()) {
                for (int dim : a.inputDims(inputs)) {
                  long inputSeed = inputs == InputKind.SPHERE ? sweep.inputSeed() : 0L;
                  for (ActivationSpec phi : a.activations(arch)) {
                    for (double sw2 : a.weightVariance()) {
                      for (double bias : a.biasVariance()) {
                        for (int width : a.width()) {
                          for (int depth : a.depth()) {
                            for (BetaValue beta : arch.usesBeta() ? a.beta() : noBeta) {
                              for (long seed : a.seed()) {
                                TaskSpec spec = new TaskSpec(arch, norm, mode, prec, depth, width,
                                    beta == null ? Double.NaN : beta.at(depth), bias, points, sweep.inputMin(),
                                    sweep.inputMax(), sweep.maxLag(), seed, inputs, dim, inputSeed, phi, sw2);
                                PlannedTask task = new PlannedTask(spec, beta == null ? null : beta.label());
                                if (kept(task) && !visit.test(task)) {
                                  return false;
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
        }
      }
    }
    return true;
  }

  /** Whether the only/exclude rules keep {@code task}. */
  boolean kept(PlannedTask task) {
    if (!sweep.only().isEmpty() && sweep.only().stream().noneMatch(r -> r.matches(task))) {
      return false;
    }
    return sweep.exclude().stream().noneMatch(r -> r.matches(task));
  }

  /** Every task, in grid order, with later duplicates of a key dropped (two beta rules may coincide). */
  public List<PlannedTask> tasks() {
    List<PlannedTask> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    forEach(t -> {
      if (seen.add(t.spec().key().value())) {
        out.add(t);
      }
    });
    return out;
  }
}
