/**
 * One trial, as every layer above sees it: the {@link org.jnas.nas.trial.TrialEvaluator} that trains
 * and scores an architecture through its {@link org.jnas.nas.trial.TrialContext} (or NNI-style
 * {@link org.jnas.nas.trial.Nas} calls), the immutable {@link org.jnas.nas.trial.TrialRecord} of
 * what happened, its {@link org.jnas.nas.trial.TrialStatus}, and the
 * {@link org.jnas.nas.trial.Direction} that ranks trials (the one rule for "best").
 * {@link org.jnas.nas.trial.ConcurrentModel} gives DJL models whose trainers train in several threads
 * at once.
 */
package org.jnas.nas.trial;
