package org.jnas.nas.oneshot;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A supernet's state at the end of an epoch, in a directory: its weights ({@value #WEIGHTS}, DJL's
 * parameter format), the weights' SGD momentum ({@value #MOMENTUM}, an NDList named by parameter)
 * and, in {@value #STATE}, the architecture parameters with their Adam state, ENAS's controller (its
 * baseline and, with an LSTM, the LSTM's weights and Adam state) and what each completed epoch
 * reported. Each file is written beside its target and moved over it, so a crash while
 * writing leaves the previous epoch's checkpoint whole; the state file, moved last, says which epoch
 * the others are of.
 *
 * <p>Not kept: GumbelDARTS's noise and the data order, which restart from their seeds. A checkpoint
 * without a momentum file (written before it was kept) resumes with the momentum at rest.
 */
final class SupernetCheckpoint {
    static final String WEIGHTS = "supernet.params";
    static final String STATE = "supernet.json";
    static final String MOMENTUM = "supernet.momentum";
    /** An epoch's metrics may be infinite (the supernet's validation loss as it diverges), as in the store. */
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    /**
     * One completed epoch: what it reported, the probabilities at its end, those kept within it
     * ({@code steps}: none in a checkpoint written before they were kept) and the most likely
     * architectures of a policy that ranks them itself ({@code ranked}: ENAS's LSTM; none for the
     * others, and in a checkpoint written before they were kept).
     */
    record Epoch(Map<String, Double> metrics, Map<String, List<Double>> probabilities, List<ProbabilityTrace.Point> steps,
            List<RankedArchitecture> ranked) {
        Epoch {
            steps = steps == null ? List.of() : List.copyOf(steps);
            ranked = ranked == null ? List.of() : List.copyOf(ranked);
        }
    }

    private record Saved(int epochs, long[] inputShape, Map<String, ArchitectureParameter.State> labels,
            List<Epoch> history, double[] controller) {
    }

    private final Path directory;

    SupernetCheckpoint(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /**
     * Writes the supernet, its weights' {@code momentum} and the state of its architecture's
     * {@code controller} ({@link BatchSteps#controllerState()}; null for none) after
     * {@code history.size()} completed epochs; {@code inputShape}, of one example, is what its block
     * was initialised with.
     */
    void save(Supernet supernet, SgdMomentum momentum, Shape inputShape, List<Epoch> history, double[] controller) {
        try {
            Files.createDirectories(directory);
            Path weights = directory.resolve(WEIGHTS + ".tmp");
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(weights))) {
                supernet.block().saveParameters(out);
            }
            Path buffers = directory.resolve(MOMENTUM + ".tmp");
            try (OutputStream out = Files.newOutputStream(buffers)) {
                momentum.save(supernet.block(), out);
            }
            Map<String, ArchitectureParameter.State> labels = new LinkedHashMap<>();
            supernet.parameters().forEach((label, alpha) -> labels.put(label, alpha.state()));
            Path state = directory.resolve(STATE + ".tmp");
            Files.writeString(state, GSON.toJson(new Saved(history.size(), inputShape.getShape(), labels, history, controller)), StandardCharsets.UTF_8);
            Files.move(weights, directory.resolve(WEIGHTS), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.move(buffers, directory.resolve(MOMENTUM), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.move(state, directory.resolve(STATE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the supernet checkpoint in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * What {@link #restore} read besides the supernet: the completed epochs, oldest first, and the
     * state of the architecture's controller ({@link BatchSteps#restoreController}; null when the
     * checkpoint keeps none, or was written before it was kept).
     */
    record Restored(List<Epoch> epochs, double[] controller) {
        static final Restored NONE = new Restored(List.of(), null);
    }

    /**
     * Loads the last checkpoint into {@code supernet} (its block initialised) and returns its
     * completed epochs and controller state; no epochs when there is none. The weights' momentum goes
     * into {@code momentum} when one is given (a search that trains on), when the checkpoint has it.
     */
    Restored restore(Supernet supernet, NDManager manager, Optional<SgdMomentum> momentum) {
        if (!exists()) {
            return Restored.NONE;
        }
        try {
            Saved saved = read();
            if (!saved.labels().keySet().equals(supernet.parameters().keySet())) {
                throw new IllegalArgumentException("the checkpoint in " + directory + " has labels " + saved.labels().keySet()
                        + ", the space " + supernet.parameters().keySet() + ": it is of another space");
            }
            Map<String, Shape> shapes = new LinkedHashMap<>();
            supernet.block().getParameters().forEach(p -> shapes.put(p.getKey(), p.getValue().getArray().getShape()));
            try (DataInputStream in = new DataInputStream(Files.newInputStream(directory.resolve(WEIGHTS)))) {
                supernet.block().loadParameters(manager, in);
            }
            // same labels, other layers (e.g. a Linear of 128 units where the search had 64): DJL
            // loads the checkpoint's arrays whatever their shapes, and the search would train on
            // layers its space no longer has
            supernet.block().getParameters().forEach(p -> {
                Shape loaded = p.getValue().getArray().getShape();
                if (!loaded.equals(shapes.get(p.getKey()))) {
                    throw new IllegalArgumentException("the checkpoint in " + directory + " holds parameter " + p.getKey()
                            + " of shape " + loaded + " where this space has " + shapes.get(p.getKey())
                            + ": the space's layers differ from those the search trained; resume with the space it"
                            + " searched, or search this one in a new experiment");
                }
            });
            // DJL's Parameter.load puts a fresh array in place, without the gradient the trainer
            // attached: a step whose path froze none of the weights would have nothing to backpropagate to
            supernet.block().getParameters().values().stream().filter(Parameter::requiresGradient)
                    .forEach(p -> p.getArray().setRequiresGradient(true));
            Path buffers = directory.resolve(MOMENTUM);
            if (momentum.isPresent() && Files.exists(buffers)) {
                try (InputStream in = Files.newInputStream(buffers)) {
                    momentum.get().restore(supernet.block(), in);
                }
            }
            saved.labels().forEach((label, s) -> supernet.parameters().get(label).restore(s));
            return new Restored(List.copyOf(new ArrayList<>(saved.history())), saved.controller());
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot read the supernet checkpoint in " + directory + ": " + e.getMessage(), e);
        }
    }

    boolean exists() {
        return Files.exists(directory.resolve(STATE));
    }

    /** The shape of one example the checkpointed supernet was initialised with. */
    Shape inputShape() {
        try {
            return new Shape(read().inputShape());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the supernet checkpoint in " + directory + ": " + e.getMessage(), e);
        }
    }

    private Saved read() throws IOException {
        return GSON.fromJson(Files.readString(directory.resolve(STATE), StandardCharsets.UTF_8),
                new TypeToken<Saved>() { }.getType());
    }
}
