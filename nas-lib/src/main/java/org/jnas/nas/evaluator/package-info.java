/**
 * Built-in trial evaluators: {@link org.jnas.nas.evaluator.ClassificationEvaluator} and
 * {@link org.jnas.nas.evaluator.RegressionEvaluator} train a trial's model on DJL, report a
 * validation metric after every epoch and the last one as the trial's final result, and stop
 * between batches once the trial is asked to stop.
 */
package org.jnas.nas.evaluator;
