package org.jnas.nas.oneshot;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.jnas.nas.evaluator.ClassificationEvaluator;
import org.jnas.nas.evaluator.SupervisedEvaluator;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialContext;
import org.jnas.nas.trial.TrialEvaluator;

/**
 * The trial an experiment runs for a one-shot strategy: trains the supernet (its own, not the
 * trial's model), reporting each epoch as an intermediate result: {@code default} (the supernet's
 * accuracy on the architecture part, or its loss when the output is not a classifier's),
 * {@code accuracy}, {@code loss}, {@code train_loss} (the weight steps' mean loss),
 * {@code architecture_loss} after warm-up, GumbelDARTS's {@code temperature}, {@code step} (the
 * search's steps so far), {@code max_epochs} (the epochs it is to train) and the probability of each candidate as {@code prob/<label>/<index>}, with
 * those kept within the epoch as {@code prob@<step>/<label>/<index>} (not for RandomOneShot, which
 * learns none), and for ENAS's LSTM its most likely architectures ({@link #RANKED}). The last
 * completed epoch's metrics, without the probabilities, plus {@code epochs},
 * are the final result.
 *
 * <p>For RandomOneShot, a trial with an architecture (a non-empty sample) scores it with the
 * supernet's inherited weights instead: its final result is {@value #INHERITED_ACCURACY}, also its
 * default metric.
 */
final class SupernetTrial implements TrialEvaluator {
    /**
     * The prefix of a probability among the intermediate metrics, NNI's {@code prob/<label>/<candidate>};
     * results.ArchitectureRanking reads them by the same prefix (this package may not use results).
     */
    static final String PROBABILITY = "prob/";
    /**
     * The prefix of a probability kept within an epoch, {@code prob@<step>/<label>/<candidate>}, where
     * {@code step} counts the search's steps from 1; results.ArchitectureRanking reads them by the same prefix.
     */
    static final String STEP_PROBABILITY = "prob@";
    /**
     * The prefix of an architecture a policy ranks itself (ENAS's LSTM): {@code rank/<r>} its
     * probability and {@code rank/<r>/<label>} its candidate's index, r from 1, most likely first;
     * results.ArchitectureRanking reads them by the same prefix.
     */
    static final String RANKED = "rank/";
    /**
     * The epochs the search is to train, in each epoch's result (Lightning's name), so a view can say
     * how far it is; results.ArchitectureRanking reads it by the same name.
     */
    static final String MAX_EPOCHS = "max_epochs";
    /** An architecture's accuracy with inherited weights; results.ArchitectureRanking reads it by the same name. */
    static final String INHERITED_ACCURACY = "inherited_accuracy";

    private final OneShot strategy;
    private final ModelSpace space;
    private final SupervisedEvaluator evaluator;
    private final SupernetCheckpoint checkpoint;

    private SupernetTrial(OneShot strategy, ModelSpace space, SupervisedEvaluator evaluator, SupernetCheckpoint checkpoint) {
        this.strategy = strategy;
        this.space = space;
        this.evaluator = evaluator;
        this.checkpoint = checkpoint;
    }

    /**
     * The supernet's trial of {@code strategy} ({@link OneShot#trialEvaluator}), once what would stop it
     * before any training has been checked: each an {@link IllegalArgumentException} naming the label
     * or the setting.
     */
    static SupernetTrial checked(OneShot strategy, ModelSpace space, TrialEvaluator evaluator, SupernetCheckpoint checkpoint) {
        Objects.requireNonNull(space, "space");
        String name = strategy.name();
        if (!(evaluator instanceof SupervisedEvaluator supervised)) {
            throw new IllegalArgumentException(name + " trains a supernet on data it splits into a weight part and an"
                    + " architecture part, and a functional evaluator gives it no data: use"
                    + " ClassificationEvaluator.builder() or RegressionEvaluator.builder()");
        }
        if (strategy.scoresArchitectures() && !(evaluator instanceof ClassificationEvaluator)) {
            throw new IllegalArgumentException(name + " scores architectures by the accuracy of their inherited weights,"
                    + " so it needs a classifier: use ClassificationEvaluator.builder()");
        }
        Supernet supernet = Supernet.build(space, strategy.seed()); // refuses what a supernet cannot follow, naming the label
        int examples;
        Shape example;
        try {
            examples = supervised.trainTestData().train().size();
            example = supervised.trainTestData().train().batchShape(1);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot load the evaluator's data: " + e.getMessage(), e);
        }
        if (examples < 2) {
            throw new IllegalArgumentException("the evaluator's training data (setData, optTrainSubset) has " + examples
                    + " example(s); " + name + " splits it into a weight part and an architecture part, so it needs"
                    + " at least 2");
        }
        SharedWidthCheck.requireExactPaths(space, supernet, strategy.seed(), example);
        return new SupernetTrial(strategy, space, supervised, checkpoint);
    }

    @Override
    public void evaluate(TrialContext trial) throws Exception {
        if (trial.sample().size() > 0) {
            double accuracy = InheritedWeightRanking.score(space, strategy.seed(), checkpoint, evaluator.trainTestData(),
                    evaluator.batchSize(), evaluator.newLoss(), trial.device(), trial.sample());
            trial.reportFinal(Map.of("default", accuracy, INHERITED_ACCURACY, accuracy));
            return;
        }
        Map<String, Double> last = new LinkedHashMap<>();
        int[] completed = {0};
        StepLog steps = new StepLog(System::nanoTime, strategy.epochs());
        OneShotSearch search = strategy.search(space, evaluator.trainTestData())
                .batchSize(evaluator.batchSize()).loss(evaluator.newLoss()).device(trial.device())
                .hook(new EpochHook() {
                    @Override
                    public boolean stopRequested() {
                        return trial.isStopRequested();
                    }

                    @Override
                    public void stepped(int epoch, long step, long stepsPerEpoch) {
                        strategy.stepped(epoch, step, stepsPerEpoch);
                        steps.stepped(epoch, step, stepsPerEpoch).ifPresent(line -> trial.log("%s", line));
                    }

                    @Override
                    public void epochEnded(int epoch, SupernetCheckpoint.Epoch report) {
                        steps.epochEnded();
                        last.clear();
                        last.putAll(metrics(report.metrics()));
                        completed[0] = epoch + 1;
                        Map<String, Double> intermediate = new LinkedHashMap<>(last);
                        intermediate.put(MAX_EPOCHS, (double) strategy.epochs());
                        if (!strategy.scoresArchitectures()) {
                            put(intermediate, PROBABILITY, report.probabilities());
                            report.steps().forEach(p -> put(intermediate, STEP_PROBABILITY + p.step() + "/", p.probabilities()));
                            for (int r = 1; r <= report.ranked().size(); r++) {
                                RankedArchitecture architecture = report.ranked().get(r - 1);
                                String prefix = RANKED + r;
                                intermediate.put(prefix, architecture.probability());
                                architecture.candidates().forEach((label, index) -> intermediate.put(prefix + "/" + label, (double) index));
                            }
                        }
                        trial.reportIntermediate(intermediate);
                        trial.log("epoch %d/%d: %s", epoch + 1, strategy.epochs(), describe(last));
                    }
                }, checkpoint);
        if (checkpoint.exists()) {
            trial.log("continuing from the supernet checkpoint in %s", checkpoint.directory());
        }
        try {
            search.run();
        } catch (CancellationException e) {
            if (!trial.isStopRequested()) {
                throw e;
            }
            trial.log("stop requested: ending after epoch %d of %d; the checkpoint in %s resumes from there",
                    completed[0], strategy.epochs(), checkpoint.directory());
        }
        if (!last.isEmpty()) {
            last.put("epochs", (double) completed[0]);
            trial.reportFinal(last);
        }
    }

    @Override
    public Direction direction() {
        return evaluator.direction();
    }

    /** Each candidate's probability as {@code <prefix><label>/<index>}. */
    private static void put(Map<String, Double> metrics, String prefix, Map<String, List<Double>> probabilities) {
        probabilities.forEach((label, p) -> {
            for (int i = 0; i < p.size(); i++) {
                metrics.put(prefix + label + "/" + i, p.get(i));
            }
        });
    }

    /** The search's names for an epoch, as a trial reports them. */
    private static Map<String, Double> metrics(Map<String, Double> epoch) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("default", epoch.containsKey("accuracy") ? epoch.get("accuracy") : epoch.get("loss"));
        epoch.forEach((key, value) -> m.put(key.equals("weight_loss") ? "train_loss" : key, value));
        return m;
    }

    private static String describe(Map<String, Double> metrics) {
        StringBuilder s = new StringBuilder();
        metrics.forEach((k, v) -> {
            if (!k.equals("default")) {
                s.append(s.length() == 0 ? "" : ", ").append(k).append('=').append(String.format(Locale.ROOT, "%.4g", v));
            }
        });
        return s.toString();
    }

}
