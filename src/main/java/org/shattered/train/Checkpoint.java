package org.shattered.train;

import java.util.List;

/**
 * What a training task records at initialization (step 0), every {@code checkpoint-every} steps and
 * at its last step (docs/science.md, Training).
 *
 * @param step SGD steps done
 * @param trainLoss step 0: the loss on the fixed training subset; later: the mean batch loss of the
 *     last min(50, step) steps
 * @param trainAccuracy accuracy on the fixed training subset (the first 10,000 training images)
 * @param testLoss mean cross-entropy on all test images
 * @param testAccuracy accuracy on all test images
 * @param lineC1 c_1 of the directional input gradient of the first endpoint's class logit along the
 *     line between the two fixed test images (256 points)
 * @param lineAcf c_1..c_K of it (K = 32)
 * @param lineConstant whether that gradient is numerically constant along the line (c_k = 1 then)
 * @param pairCosine mean pair cosine of the input gradients of the true-class logits over the fixed
 *     set of 128 test images
 * @param inputGradientNorm root mean square of |dy/dx| over that set
 * @param layers per-layer gate statistics and gradient norms on that set
 */
public record Checkpoint(int step, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
    double lineC1, double[] lineAcf, boolean lineConstant, double pairCosine, double inputGradientNorm,
    List<LayerCheck> layers) {}
