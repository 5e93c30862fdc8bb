package org.jnas.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.oneshot.OneShotResult;
import org.jnas.nas.oneshot.OneShotSearch;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialRecord;

/**
 * CellSearchBenchmark's quality part: per seed, each one-shot searcher's search plus retraining
 * its export (trained exactly as a random trial is), then one random multi-trial search (an
 * experiment, one trial at a time) for {@code budget} times the slowest searcher's time; each
 * searcher's ratio is the time random search took to first reach its accuracy over its own time.
 * One random search serves every searcher of a seed, so their ratios are side by side on the same
 * trials.
 */
final class TimeToQuality {
    /** The one-shot searchers {@code --search} names. */
    enum Searcher {
        DARTS("DARTS"), GUMBEL("GumbelDARTS"), SPOS("SPOS"), PROXYLESS("Proxyless"), ENAS("ENAS");

        final String title;

        Searcher(String title) {
            this.title = title;
        }

        static List<Searcher> parse(String names) {
            List<Searcher> searchers = new ArrayList<>();
            for (String name : names.split(",")) {
                try {
                    searchers.add(valueOf(name.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--search takes darts, gumbel, spos, proxyless or enas, got " + name);
                }
            }
            return List.copyOf(searchers);
        }

        /** SPOS ranks {@code rank} uniformly drawn architectures by inherited weights; the rest export their argmax. */
        OneShotSearch search(ModelSpace space, TrainTestData data, int rank) {
            return switch (this) {
                case DARTS -> OneShotSearch.darts(space, data);
                case GUMBEL -> OneShotSearch.gumbelDarts(space, data);
                case SPOS -> OneShotSearch.randomOneShot(space, data).rank(rank);
                case PROXYLESS -> OneShotSearch.proxyless(space, data);
                case ENAS -> OneShotSearch.enas(space, data);
            };
        }
    }

    /**
     * One searcher's round: its search plus retraining in seconds, the export's test accuracy, random
     * search's time to it and how many trials it had finished by then (0: never reached).
     */
    record Round(long seed, Searcher searcher, double seconds, double accuracy, double reached, int trials,
            double randomSeconds) {
        /** Random search's time to this accuracy over the one-shot time; infinite when never reached. */
        double ratio() {
            return reached / seconds;
        }

        String reachedText() {
            return Double.isInfinite(reached)
                    ? String.format(Locale.ROOT, "never within %.1f s (%.1fx)", randomSeconds, randomSeconds / seconds)
                    : String.format(Locale.ROOT, "%.1f s (trial %d)", reached, trials);
        }

        String ratioText() {
            return Double.isInfinite(reached)
                    ? String.format(Locale.ROOT, "> %.1f", randomSeconds / seconds)
                    : String.format(Locale.ROOT, "%.2f", ratio());
        }
    }

    private final ModelSpace space;
    private final TrainTestData data;
    private final List<Searcher> searchers;
    private final int epochs;
    private final int warmup;
    private final int trainEpochs;
    private final int rank;
    private final double budget;
    private final Path home;
    /** The searchers' architecture learning rate; NaN for each one's default. */
    private double architectureLearningRate = Double.NaN;

    TimeToQuality(ModelSpace space, TrainTestData data, List<Searcher> searchers, int epochs, int warmup, int trainEpochs,
            int rank, double budget, Path home) {
        this.space = space;
        this.data = data;
        this.searchers = searchers;
        this.epochs = epochs;
        this.warmup = warmup;
        this.trainEpochs = trainEpochs;
        this.rank = rank;
        this.budget = budget;
        this.home = home;
    }

    /** Sets every searcher's architecture learning rate; NaN (the default) keeps each one's own. */
    TimeToQuality architectureLearningRate(double learningRate) {
        this.architectureLearningRate = learningRate;
        return this;
    }

    /** Every seed's rounds, then the summary: per seed and searcher, and each searcher's median ratio. */
    void run(long firstSeed, int repeats) throws Exception {
        warmUp();
        List<Round> rounds = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        for (int rep = 0; rep < repeats; rep++) {
            // the searchers take turns going first: the first search of a JVM also pays for its warm-up
            List<Searcher> order = new ArrayList<>(searchers);
            Collections.rotate(order, -rep);
            rounds.addAll(seed(firstSeed + rep, order, accuracies));
        }
        System.out.printf(Locale.ROOT, "%nsummary: %s architectures, trials and retrained exports %d epochs; ratio = random"
                + " multi-trial's time to the one-shot accuracy / one-shot time (search + retraining); > 1: one-shot was faster;"
                + " last column: how many of all the seeds' random trials reached that accuracy%n", space.size(), trainEpochs);
        // how rare the export is among random architectures, pooled over the seeds' random trials: about
        // 1/share trials reach it, whatever a trial costs, which bounds the ratio as trials grow dear
        System.out.printf(Locale.ROOT, "%-5s %-12s %10s %9s %32s %8s %18s%n", "seed", "searcher", "one-shot", "accuracy",
                "random first reached it", "ratio", "random trials >= it");
        for (Round r : rounds) {
            long atLeast = accuracies.stream().filter(a -> a >= r.accuracy()).count();
            System.out.printf(Locale.ROOT, "%-5d %-12s %8.1f s %9.4f %32s %8s %18s%n", r.seed(), r.searcher().title,
                    r.seconds(), r.accuracy(), r.reachedText(), r.ratioText(), atLeast + "/" + accuracies.size());
        }
        for (Searcher searcher : searchers) {
            List<Round> own = rounds.stream().filter(r -> r.searcher() == searcher).toList();
            // an exact middle rank, so an infinite ratio (never reached) is a value, not NaN
            double median = Stats.of(own.stream().map(Round::ratio).toList()).median();
            // infinite: random search never reached it within the budget, so the median is beyond the
            // least budget any unreached round had
            String text = Double.isInfinite(median)
                    ? String.format(Locale.ROOT, "> %.1f", own.stream().filter(r -> Double.isInfinite(r.ratio()))
                            .mapToDouble(r -> r.randomSeconds() / r.seconds()).min().orElseThrow())
                    : String.format(Locale.ROOT, "%.2f", median);
            System.out.printf(Locale.ROOT, "%s: median ratio %s of %s%n", searcher.title, text,
                    own.stream().map(Round::ratioText).toList());
        }
    }

    /**
     * One unmeasured epoch of each searcher, a retraining and two random trials: the first search,
     * training and experiment of a JVM ran several times slower than later ones, which charged the
     * first seed's first searcher and its random search. Some runs were still slow for their first
     * minutes after it (docs/performance.md, "One-shot cells"); why was not found.
     */
    private void warmUp() throws Exception {
        for (Searcher searcher : searchers) {
            OneShotResult result = searcher.search(space, data, 2).epochs(1).batchSize(64).seed(0).run();
            CellSearchBenchmark.train(space, result.sample(), data, 1, home);
        }
        try (Experiment exp = Experiment.create(space, CellSearchBenchmark.evaluator(data, 1), Strategy.random())) {
            exp.config().name("cell-bench-warm-up").seed(0).trialConcurrency(1).devicePolicy(DevicePolicy.CPU).home(home)
                    .maxTrials(2);
            exp.run();
        }
    }

    /** One seed's rounds; adds its random trials' test accuracies to {@code accuracies}. */
    private List<Round> seed(long seed, List<Searcher> order, List<Double> accuracies) throws Exception {
        Map<Searcher, double[]> timed = new LinkedHashMap<>();
        for (Searcher searcher : order) {
            long t0 = System.nanoTime();
            OneShotSearch search = searcher.search(space, data, rank).epochs(epochs).warmupEpochs(warmup).batchSize(64)
                    .seed(seed);
            if (!Double.isNaN(architectureLearningRate)) {
                search.architectureLearningRate(architectureLearningRate);
            }
            OneShotResult result = search.run();
            double accuracy = CellSearchBenchmark.train(space, result.sample(), data, trainEpochs, home);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "seed %d: %s + retraining %.1f s, test accuracy %.4f, %s%n", seed,
                    searcher.title, seconds, accuracy, result.sample());
            timed.put(searcher, new double[] {seconds, accuracy});
        }
        double longest = timed.values().stream().mapToDouble(t -> t[0]).max().orElseThrow();
        List<double[]> trials = new ArrayList<>();
        double randomSeconds;
        try (Experiment exp = Experiment.create(space, CellSearchBenchmark.evaluator(data, trainEpochs), Strategy.random())) {
            exp.config().name("cell-bench-random").seed(seed).trialConcurrency(1).devicePolicy(DevicePolicy.CPU).home(home)
                    .maxDuration(Duration.ofMillis((long) (budget * longest * 1000)));
            long start = System.nanoTime();
            exp.run();
            randomSeconds = (System.nanoTime() - start) / 1e9;
            // times from the first trial's submission: the experiment's own start-up is not search
            Instant begin = exp.trials().stream().map(TrialRecord::submitted).min(Comparator.naturalOrder()).orElseThrow();
            for (TrialRecord trial : exp.trials()) {
                if (trial.metric().isPresent() && trial.ended().isPresent()) {
                    trials.add(new double[] {Duration.between(begin, trial.ended().get()).toMillis() / 1e3,
                            trial.metric().getAsDouble(), trial.duration().toMillis() / 1e3});
                }
            }
        }
        trials.sort(Comparator.comparingDouble(t -> t[0]));
        trials.forEach(t -> accuracies.add(t[1]));
        double best = trials.stream().mapToDouble(t -> t[1]).max().orElse(0);
        // what one trial costs against the search decides the ratio: printed so each seed explains itself
        System.out.printf(Locale.ROOT, "seed %d: random multi-trial, %d trials in %.1f s (%.1fx the slowest one-shot),"
                + " median trial %.1f s, best %.4f%n", seed, trials.size(), randomSeconds, budget,
                Stats.of(trials.stream().map(t -> t[2]).toList()).median(), best);
        List<Round> rounds = new ArrayList<>();
        for (Searcher searcher : searchers) {
            double seconds = timed.get(searcher)[0];
            double accuracy = timed.get(searcher)[1];
            int index = 0;
            while (index < trials.size() && trials.get(index)[1] < accuracy) {
                index++;
            }
            double reached = index < trials.size() ? trials.get(index)[0] : Double.POSITIVE_INFINITY;
            int count = index < trials.size() ? index + 1 : 0;
            double bestWithin = trials.stream().filter(t -> t[0] <= seconds).mapToDouble(t -> t[1]).max().orElse(0);
            Round round = new Round(seed, searcher, seconds, accuracy, reached, count, randomSeconds);
            System.out.printf(Locale.ROOT, "seed %d: %s %.4f in %.1f s; random: best within that time %.4f, first reached"
                    + " it after %s; ratio %s%n", seed, searcher.title, accuracy, seconds, bestWithin, round.reachedText(),
                    round.ratioText());
            rounds.add(round);
        }
        return rounds;
    }
}
