package org.jnas.nas;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.trial.ConcurrentModel;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;

/**
 * Keeps the trained parameters of the {@code k} best succeeded trials ({@code keepTopWeights}),
 * as DJL's {@code block.saveParameters} bytes: in files under {@code directory/weights} when a
 * directory is set, else in memory. Trials that fall out of the top k lose theirs.
 */
final class WeightKeeper {
    private record Kept(double score, byte[] bytes, Path file) {}

    private final int k;
    private final Direction direction;
    private final Path directory;
    private final Map<Long, Kept> kept = new HashMap<>();

    WeightKeeper(int k, Direction direction, Optional<Path> directory) {
        this.k = k;
        this.direction = direction;
        this.directory = directory.map(d -> d.resolve("weights")).orElse(null);
    }

    /** Keeps the block's parameters if the trial is among the best k so far. Trial thread. */
    void offer(TrialRecord trial, Block block) {
        if (k == 0 || block == null || !block.isInitialized() || trial.metric().isEmpty()) {
            return;
        }
        double score = direction.score(trial.metric().getAsDouble());
        if (!Double.isFinite(score) || !qualifies(score, trial.id())) {
            return;
        }
        byte[] bytes = serialise(block); // outside the lock: other trials may offer meanwhile
        Path file = null;
        if (directory != null) {
            try {
                Files.createDirectories(directory);
                file = directory.resolve("trial-" + trial.id() + ".params");
                Files.write(file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("could not keep the weights of trial " + trial.id(), e);
            }
        }
        synchronized (this) {
            kept.put(trial.id(), new Kept(score, file == null ? bytes : null, file));
            while (kept.size() > k) {
                long worst = worstId();
                Kept dropped = kept.remove(worst);
                if (dropped.file() != null) {
                    try {
                        Files.deleteIfExists(dropped.file());
                    } catch (IOException e) {
                        // a stale file only costs disk space
                    }
                }
            }
        }
    }

    /**
     * The kept parameters of a trial; with a directory also those an earlier run of a resumed
     * experiment left there.
     */
    synchronized Optional<byte[]> get(long trialId) {
        Kept entry = kept.get(trialId);
        if (entry == null) {
            Path earlier = directory == null ? null : directory.resolve("trial-" + trialId + ".params");
            if (earlier == null || !Files.isRegularFile(earlier)) {
                return Optional.empty();
            }
            entry = new Kept(Double.NaN, null, earlier);
        }
        if (entry.bytes() != null) {
            return Optional.of(entry.bytes());
        }
        try {
            return Optional.of(Files.readAllBytes(entry.file()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the kept weights of trial " + trialId, e);
        }
    }

    /**
     * A model of {@code trial}'s architecture ({@code block}, fresh) holding its kept weights, on
     * the CPU; the caller closes it.
     *
     * @throws IllegalArgumentException when its weights were not kept
     */
    Model load(TrialRecord trial, Block block) {
        byte[] weights = get(trial.id()).orElseThrow(() -> new IllegalArgumentException(
                "the weights of trial " + trial.id() + " were not kept: keepTopWeights is " + k
                        + " and only the best succeeded trials whose evaluator trained trial.model()/block() keep theirs"));
        Model model = ConcurrentModel.newInstance("trial-" + trial.id(), Device.cpu());
        try {
            block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(weights)));
            model.setBlock(block);
            return model;
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("could not load the weights of trial " + trial.id(), e);
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalStateException("could not load the weights of trial " + trial.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a trial ranks among the best k kept so far, by the rule of {@link Direction#best}:
     * a higher score, or the same score and a lower id. Trials end in any order, so a tie decided
     * by arrival would keep another trial's weights than the one {@code bestTrial()} names.
     */
    private synchronized boolean qualifies(double score, long id) {
        if (kept.size() < k) {
            return true;
        }
        long worst = worstId();
        double worstScore = kept.get(worst).score();
        return score > worstScore || (score == worstScore && id < worst);
    }

    private long worstId() {
        long worst = -1;
        double worstScore = Double.POSITIVE_INFINITY;
        for (Map.Entry<Long, Kept> e : kept.entrySet()) {
            double s = e.getValue().score();
            if (s < worstScore || (s == worstScore && e.getKey() > worst)) {
                worst = e.getKey();
                worstScore = s;
            }
        }
        return worst;
    }

    private static byte[] serialise(Block block) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save trained parameters", e);
        }
        return buffer.toByteArray();
    }
}
