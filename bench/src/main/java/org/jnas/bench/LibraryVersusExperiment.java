package org.jnas.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The rounds of a benchmark that runs one search two ways, as the library call and as an
 * experiment (OneShotBenchmark, SposBenchmark): the options {@code --rounds}, {@code --epochs} and
 * {@code --modes library,experiment}; one warm-up round and then the measured ones, each running
 * the library call, then the experiment, so that a drift of the machine touches both alike; and
 * the medians and their ratio. It never touches what a mode runs, so that {@code --modes library}
 * loads nothing of the experiment's side (absent from the build of nas-lib a comparison starts from).
 */
final class LibraryVersusExperiment {
    /** One run of a mode. */
    interface Run {
        /**
         * Runs the mode once and returns the seconds it measured.
         *
         * @param measured false in the warm-up round, whose values are dropped
         */
        double seconds(boolean measured) throws Exception;
    }

    /** A call timed whole, as a library call is. */
    interface Call {
        void run() throws Exception;
    }

    private final int rounds;
    private final int epochs;
    private final boolean library;
    private final boolean experiment;
    private final List<Double> librarySeconds = new ArrayList<>();
    private final List<Double> experimentSeconds = new ArrayList<>();

    private LibraryVersusExperiment(int rounds, int epochs, boolean library, boolean experiment) {
        this.rounds = rounds;
        this.epochs = epochs;
        this.library = library;
        this.experiment = experiment;
    }

    /** Reads the options ({@code --help} prints them and ends the program). */
    static LibraryVersusExperiment parse(String benchmark, String[] args, String epochsDescription) {
        Options options = Options.parse(benchmark, args);
        int rounds = options.integer("rounds", 5, "measured rounds, each one run of every mode");
        int epochs = options.integer("epochs", 2, epochsDescription);
        String modes = options.text("modes", "library,experiment", "library, experiment or both, comma-separated");
        options.done();
        return new LibraryVersusExperiment(rounds, epochs, modes.contains("library"), modes.contains("experiment"));
    }

    int epochs() {
        return epochs;
    }

    /** Whether {@code --modes} asked for the experiment. */
    boolean runsExperiment() {
        return experiment;
    }

    /** A run that times {@code call} whole. */
    static Run timed(Call call) {
        return measured -> {
            long t0 = System.nanoTime();
            call.run();
            return (System.nanoTime() - t0) / 1e9;
        };
    }

    /** Runs the warm-up round and the measured rounds, each mode that {@code --modes} asked for in turn. */
    void alternate(Run libraryCall, Run asExperiment) throws Exception {
        for (int round = -1; round < rounds; round++) { // round -1 warms up: classes, the engine, SQLite
            boolean measured = round >= 0;
            if (library) {
                double s = libraryCall.seconds(measured);
                if (measured) {
                    librarySeconds.add(s);
                }
            }
            if (experiment) {
                double s = asExperiment.seconds(measured);
                if (measured) {
                    experimentSeconds.add(s);
                }
            }
        }
    }

    /** Prints, for each mode that ran, its label, the epochs, its median and its rounds' seconds. */
    void printMedians(String libraryLabel, String experimentLabel) {
        if (library) {
            printMedian(libraryLabel, librarySeconds);
        }
        if (experiment) {
            printMedian(experimentLabel, experimentSeconds);
        }
    }

    private void printMedian(String label, List<Double> seconds) {
        System.out.printf("%s, %d epochs: median %s s  %s%n", label, epochs,
                Stats.number("%.2f", Stats.of(seconds).median()), Stats.numbers("%.2f", seconds));
    }

    /** Prints the experiment's median over the library call's, when both ran. */
    void printRatio() {
        if (library && experiment) {
            System.out.printf("experiment / library: %s%n",
                    Stats.number("%.2f", Stats.of(experimentSeconds).median() / Stats.of(librarySeconds).median()));
        }
    }
}
