package org.shattered.measure;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shattered.net.Backprop;
import org.shattered.net.GateMatrix;
import org.shattered.net.Inputs;
import org.shattered.net.Network;
import org.shattered.net.Networks;
import org.shattered.net.SharedWeights;
import org.shattered.spec.PathDecompositionRule;
import org.shattered.spec.TaskSpec;

/**
 * Measures the tasks of a grid that share their weights (same architecture, width, seed, input
 * dimension and precision: see {@link TaskSpec#weightsIdentity()}) together, with every row exactly
 * what {@link TaskMeasurer} gives for the task alone:
 *
 * <ul>
 *   <li>the weights are drawn once, to the deepest task ({@link SharedWeights});
 *   <li>tasks that differ only in depth form a chain; where the gradient comes from the forward
 *       pass ({@link Networks#nestsDepths}), one pass to the chain's deepest task gives every depth
 *       of the chain ({@link Network#backpropPrefixes}), and each layer's gate statistics are
 *       computed once for the chain;
 *   <li>other tasks (gradients through the batch statistics, looks-linear, sphere inputs, the path
 *       decomposition) are computed one at a time on the shared weights.
 * </ul>
 *
 * Tasks that differ in beta or normalization run their own passes: stacking their rows into one
 * larger product was measured to gain too little to pay for making the bits independent of the
 * stack (see the README's performance section). A task that fails gets a failed result; if a
 * chain's shared pass fails, its tasks are computed one at a time, so a failure belongs to the task
 * that causes it.
 */
public final class GroupMeasurer {

  private GroupMeasurer() {
  }

  /**
   * The results of {@code specs}, in their order.
   *
   * @param pathDecomposition also the path decomposition, for the tasks that have one
   * @throws IllegalArgumentException if the tasks do not all share their weights, or one of them
   *     cannot have the path decomposition asked for
   */
  public static List<TaskResult> measure(List<TaskSpec> specs, boolean pathDecomposition) {
    if (specs.isEmpty()) {
      return List.of();
    }
    TaskSpec deepest = specs.get(0);
    for (TaskSpec s : specs) {
      if (!s.weightsIdentity().equals(deepest.weightsIdentity()) || s.precision() != deepest.precision()) {
        throw new IllegalArgumentException(s.label() + " does not share the weights of " + deepest.label());
      }
      String refused = pathDecomposition ? PathDecompositionRule.refusal(s) : null;
      if (refused != null) {
        throw new IllegalArgumentException(refused);
      }
      if (s.depth() > deepest.depth()) {
        deepest = s;
      }
    }
    if (specs.size() == 1) { // nothing to share
      TaskSpec s = specs.get(0);
      return List.of(alone(s, Networks::build, pathDecomposition && PathDecompositionRule.hasRows(s), 0));
    }
    Map<TaskSpec, TaskResult> results = new LinkedHashMap<>();
    long start = System.nanoTime();
    try (SharedWeights weights = SharedWeights.draw(deepest)) {
      double drawMillis = (System.nanoTime() - start) / 1e6 / specs.size();
      for (List<TaskSpec> chain : chains(specs)) {
        boolean paths = pathDecomposition && PathDecompositionRule.hasRows(chain.get(0));
        if (chain.size() > 1 && onePass(chain.get(0), pathDecomposition)) {
          nested(chain, weights, drawMillis, results);
        } else {
          for (TaskSpec s : chain) {
            results.put(s, alone(s, weights::build, paths, drawMillis));
          }
        }
      }
    }
    List<TaskResult> out = new ArrayList<>(specs.size());
    for (TaskSpec s : specs) {
      out.add(results.get(s));
    }
    return out;
  }

  /**
   * Whether the depths of {@code spec}'s chain come from one forward pass ({@link
   * Networks#nestsDepths}, and no path decomposition, which needs each depth's own backward pass):
   * then the chain costs its deepest task.
   */
  public static boolean onePass(TaskSpec spec, boolean pathDecomposition) {
    return Networks.nestsDepths(spec) && !(pathDecomposition && PathDecompositionRule.hasRows(spec));
  }

  /** What the tasks of one chain share: everything but the depth. */
  public static TaskSpec chainKey(TaskSpec spec) {
    return spec.withDepth(1);
  }

  /**
   * The tasks grouped by everything but depth, each chain sorted by depth (distinct tasks: a
   * repeated spec is measured once).
   */
  static List<List<TaskSpec>> chains(List<TaskSpec> specs) {
    Map<TaskSpec, List<TaskSpec>> chains = new LinkedHashMap<>();
    for (TaskSpec s : specs) {
      List<TaskSpec> chain = chains.computeIfAbsent(chainKey(s), k -> new ArrayList<>());
      if (!chain.contains(s)) {
        chain.add(s);
      }
    }
    List<List<TaskSpec>> out = new ArrayList<>();
    for (List<TaskSpec> chain : chains.values()) {
      chain.sort(java.util.Comparator.comparingInt(TaskSpec::depth));
      out.add(chain);
    }
    return out;
  }

  /** One forward pass to the chain's deepest task; its time is shared in proportion to depth. */
  private static void nested(List<TaskSpec> chain, SharedWeights weights, double drawMillis,
      Map<TaskSpec, TaskResult> results) {
    TaskSpec deepest = chain.get(chain.size() - 1);
    int[] depths = chain.stream().mapToInt(TaskSpec::depth).toArray();
    long start = System.nanoTime();
    List<Backprop> passes;
    try (Network net = weights.build(deepest)) {
      passes = net.backpropPrefixes(Inputs.of(deepest), depths);
    } catch (RuntimeException e) {
      for (TaskSpec s : chain) { // so that a failure is the failing task's own
        results.put(s, alone(s, weights::build, false, drawMillis));
      }
      return;
    }
    double passMillis = (System.nanoTime() - start) / 1e6;
    double depthSum = chain.stream().mapToInt(TaskSpec::depth).sum();
    Map<GateMatrix, LayerStats> layers = new IdentityHashMap<>();
    for (int i = 0; i < chain.size(); i++) {
      TaskSpec s = chain.get(i);
      Backprop pass = passes.get(i);
      results.put(s, TaskResult.of(s, x -> TaskMeasurer.measurePass(x, pass, layers))
          .plusMillis(drawMillis + passMillis * s.depth() / depthSum));
    }
  }

  private static TaskResult alone(TaskSpec s, java.util.function.Function<TaskSpec, Network> build, boolean paths,
      double drawMillis) {
    return TaskResult.of(s, x -> TaskMeasurer.measure(x, build, paths)).plusMillis(drawMillis);
  }
}
