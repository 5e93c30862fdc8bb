package org.jnas.nas.trial;

import ai.djl.BaseModel;
import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A DJL {@link Model} whose trainers can train at the same time as other threads' trainers.
 *
 * <p>DJL 0.36's stock PyTorch model hands out trainers whose gradient collector takes a JVM-wide
 * flag ("A PtGradientCollector is already collecting") and whose {@code zeroGradients()} zeroes
 * every array of the process. {@link #newTrainer} here returns a {@link ConcurrentTrainer}, whose
 * collector uses only PyTorch's per-thread grad mode and touches only this model's parameters.
 * Everything else is DJL's {@code BaseModel}. Use it instead of {@code Model.newInstance} when
 * training in several threads: {@code trial.model()} is one.
 *
 * <p>{@link #close()} also frees what the optimisers of its trainers keep for its parameters
 * (momentum, Adam's moments), which DJL's own models leave in native memory for good.
 */
public final class ConcurrentModel extends BaseModel {
    /** The optimisers of this model's trainers, by identity: one may be shared by several trainers. */
    private final Set<Optimizer> optimizers = Collections.newSetFromMap(new IdentityHashMap<>());

    private ConcurrentModel(String name, NDManager parent, Device device) {
        super(name);
        this.manager = parent.newSubManager(device);
        this.dataType = DataType.FLOAT32;
    }

    /** A new model on {@code device}, the counterpart of {@code Model.newInstance(name, device)}. */
    public static ConcurrentModel newInstance(String name, Device device) {
        try (NDManager probe = NDManager.newBaseManager(device)) {
            // the model's manager must outlive this method: hang it off the engine's system manager
            return new ConcurrentModel(name, probe.getParentManager(), device);
        }
    }

    /** A trainer that trains concurrently with other threads' trainers (see the class comment). */
    @Override
    public Trainer newTrainer(TrainingConfig trainingConfig) {
        if (block == null) {
            throw new IllegalStateException("You must set a block for the model before creating a new trainer");
        }
        for (Pair<Initializer, Predicate<Parameter>> pair : trainingConfig.getInitializers()) {
            if (pair.getKey() != null && pair.getValue() != null) {
                block.setInitializer(pair.getKey(), pair.getValue());
            }
        }
        Optimizer optimizer = trainingConfig.getOptimizer();
        if (optimizer != null) {
            synchronized (optimizers) {
                optimizers.add(optimizer);
            }
        }
        return new ConcurrentTrainer(this, trainingConfig);
    }

    /** Closes the model, its arrays and the optimiser state its trainers kept for its parameters. */
    @Override
    public void close() {
        try {
            if (block != null) {
                List<String> ids = block.getParameters().values().stream().map(Parameter::getId).toList();
                synchronized (optimizers) {
                    optimizers.forEach(optimizer -> OptimizerStates.release(optimizer, ids));
                    optimizers.clear();
                }
            }
        } finally {
            super.close();
        }
    }

    /** Loads parameters saved by {@link #save} into the block set before. */
    @Override
    public void load(Path modelPath, String prefix, Map<String, ?> options)
            throws IOException, MalformedModelException {
        if (block == null) {
            throw new IllegalStateException("set the block (setBlock) before loading parameters into it");
        }
        setModelDir(modelPath);
        if (prefix != null) {
            modelName = prefix;
        }
        Path paramFile = paramPathResolver(modelName, options);
        if (paramFile == null) {
            throw new FileNotFoundException("no parameter file for '" + modelName + "' in " + modelPath);
        }
        readParameters(paramFile, options);
        wasLoaded = true;
    }
}
