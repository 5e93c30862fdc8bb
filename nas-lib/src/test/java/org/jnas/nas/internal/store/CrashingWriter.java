package org.jnas.nas.internal.store;

import java.nio.file.Path;
import java.util.List;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * The child process of {@link KillTest}: writes events through a store and prints one line per
 * event after its call returned (so each printed line is a committed event), until it is killed.
 * Arguments: JNAS home, experiment id.
 */
public final class CrashingWriter {
    private CrashingWriter() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        String id = args[1];
        ExperimentStore store = ExperimentStore.open(home);
        ExperimentJournal journal = store.create(StoreFixtures.info(id, Direction.MAXIMIZE), e -> {
            System.out.println("error " + e.getMessage());
            System.out.flush();
        });
        System.out.println("created " + id);
        System.out.flush();
        for (long trial = 1; ; trial++) {
            journal.trial(StoreFixtures.running(trial, 0));
            System.out.println("started " + trial);
            for (int step = 1; step <= 5; step++) {
                TrialRecord t = StoreFixtures.running(trial, step);
                journal.intermediate(t);
                System.out.println("intermediate " + trial + " " + (step - 1) + " " + t.intermediateDefaults().get(step - 1));
                System.out.flush();
                Thread.sleep(1);
            }
            journal.trialEnded(StoreFixtures.ended(StoreFixtures.running(trial, 5), TrialStatus.SUCCEEDED, trial / 1000.0),
                    List.of());
            System.out.println("ended " + trial + " " + trial / 1000.0);
            System.out.flush();
        }
    }
}
