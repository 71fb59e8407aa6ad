package org.shattered.spec;

/**
 * Which tasks the path decomposition applies to (one rule for the sweep's configuration check, the
 * {@code task} command and the engine). A resnet's gradient splits by the number of residual
 * branches a path goes through when its Jacobian is a product of per-input layer factors I + B_l:
 * frozen batch statistics or no normalization. A feedforward net has a single path length (L) and
 * gets no rows. Looks-linear has no residual branches, and through-batch gradients with batch norm
 * couple the inputs, so both are refused rather than skipped. Line and sphere inputs both work
 * (for sphere inputs each g^(k)_p has d coordinates).
 */
public final class PathDecompositionRule {
  private PathDecompositionRule() {
  }

  /** Why the path decomposition cannot be asked of {@code spec}, or null when it can. */
  public static String refusal(TaskSpec spec) {
    String family = spec.architecture().family().pathDecompositionRefusal();
    if (family != null) {
      return family + " (" + spec.label() + ")";
    }
    if (spec.normalization() == Normalization.BATCH && spec.gradientMode() == GradientMode.THROUGH_BATCH) {
      return "the path decomposition needs frozen batch statistics or no normalization, not through-batch "
          + "gradients with batch norm (" + spec.label() + ")";
    }
    return null;
  }

  /** Whether the decomposition gives rows for {@code spec}: resnets only. */
  public static boolean hasRows(TaskSpec spec) {
    return spec.architecture().family().pathDecompositionRows();
  }
}
