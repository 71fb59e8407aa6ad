package org.shattered.train;

import org.shattered.data.FashionMnist;
import org.shattered.data.ImageSet;
import org.shattered.data.Scaling;

/**
 * The images a training task reads, with the scaling fitted to the training split
 * (docs/science.md, Training).
 *
 * @param train the training split
 * @param test the test split
 * @param scaling pixel scaling, fitted to {@code train}
 * @param classes number of classes
 */
public record TrainingData(ImageSet train, ImageSet test, Scaling scaling, int classes) {

  public static TrainingData of(FashionMnist data) {
    return new TrainingData(data.train(), data.test(), Scaling.fit(data.train()), FashionMnist.CLASSES);
  }

  public int dim() {
    return train.dim();
  }
}
