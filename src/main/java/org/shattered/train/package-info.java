/**
 * Training the networks of docs/science.md on Fashion-MNIST (docs/science.md, Training): the
 * network with its manual backpropagation ({@link org.shattered.train.TrainNet}), SGD with momentum,
 * the metrics at checkpoints (loss, accuracy, shattering on the data) and one task's run. Per-task
 * work only, no Spark.
 */
package org.shattered.train;
