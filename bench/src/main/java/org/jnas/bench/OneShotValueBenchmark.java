package org.jnas.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.oneshot.OneShotResult;
import org.jnas.nas.oneshot.OneShotSearch;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;

/**
 * What weight sharing of a value choice costs in a DARTS search: wall seconds of one DARTS epoch on
 * the quickstart space over {@code --images} Fashion-MNIST images (half for the weights, half for the
 * architecture), in two forms measured in alternating rounds in one JVM:
 * <ul>
 *   <li>{@code shared}: the quickstart space of notebook 01, {@code feature} handed to its
 *       {@code Linear} ({@code s.valueChoice(label, values, units -> Linear...)}): one 256-unit layer
 *       whose narrower values are its first units, mixed by a mask in one pass;</li>
 *   <li>{@code separate}: the same decisions with no weight sharing, {@code feature} a layer choice
 *       over three heads (a {@code Linear} of 64, 128 or 256 units, then ReLU, dropout and the
 *       10-unit output), each with its own weights, all run and mixed.</li>
 * </ul>
 * {@code dropout1} is a mixed choice of three dropouts in both. Medians over the rounds after the
 * first (JIT warm-up); the search's weight loss of the last epoch is printed as a check.
 *
 * <p>Run: {@code bench/run.sh OneShotValueBenchmark [--rounds 5] [--images 1000] [--epochs 1] [--forms shared,separate]}.
 */
public final class OneShotValueBenchmark {
    private OneShotValueBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("OneShotValueBenchmark", args);
        int rounds = options.integer("rounds", 5, "rounds of one search per form (the first warms the JIT up)");
        int epochs = options.integer("epochs", 1, "epochs of each search");
        int images = options.integer("images", 1000, "Fashion-MNIST training images, split for weights and architecture");
        String forms = options.text("forms", "shared,separate", "the forms to measure, comma-separated");
        options.done();

        TrainTestData data = Datasets.fashionMnist().first(images, 100);
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (String form : forms.split(",")) {
            seconds.put(form, new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (String form : seconds.keySet()) {
                ModelSpace space = form.equals("shared") ? shared() : separate();
                long start = System.nanoTime();
                OneShotResult result = OneShotSearch.darts(space, data).epochs(epochs).batchSize(64).seed(round).run();
                double s = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "round %d %-8s %.2f s  weight_loss %.3f  %s%n", round, form, s,
                        result.epochs().get(0).get("weight_loss"), result.sample());
                if (round > 0) {
                    seconds.get(form).add(s);
                }
            }
        }
        System.out.printf(Locale.ROOT, "DARTS, %d epoch(s) over %d images, %d rounds after 1 warm-up round:%n", epochs, images,
                rounds - 1);
        seconds.forEach((form, s) -> System.out.printf(Locale.ROOT, "  %-8s median %.2f s (min %.2f, max %.2f)%n",
                form, Stats.of(s).median(), Stats.of(s).min(), Stats.of(s).max()));
        if (seconds.containsKey("shared") && seconds.containsKey("separate")) {
            System.out.printf(Locale.ROOT, "  ratio shared / separate: %.2f%n",
                    Stats.of(seconds.get("shared")).median() / Stats.of(seconds.get("separate")).median());
        }
    }

    /** The quickstart space of notebook 01: value choices handed to the blocks they configure. */
    static ModelSpace shared() {
        return ModelSpace.define("mnist", s -> trunk(s)
                .add(s.valueChoice("dropout1", List.of(0.25f, 0.5f, 0.75f), rate -> Dropout.builder().optRate(rate).build()))
                .add(Blocks.batchFlattenBlock())
                .add(s.valueChoice("feature", List.of(64, 128, 256), units -> Linear.builder().setUnits(units).build()))
                .add(Activation::relu)
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(10).build()));
    }

    /** The same decisions as layer choices: three dropouts, three heads with weights of their own. */
    static ModelSpace separate() {
        return ModelSpace.define("mnist-separate", s -> trunk(s)
                .add(s.layerChoice("dropout1", () -> Dropout.builder().optRate(0.25f).build(),
                        () -> Dropout.builder().optRate(0.5f).build(), () -> Dropout.builder().optRate(0.75f).build()))
                .add(Blocks.batchFlattenBlock())
                .add(s.layerChoice("feature", () -> head(64), () -> head(128), () -> head(256))));
    }

    private static SequentialBlock trunk(org.jnas.nas.space.Sampler s) {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(32).setKernelShape(new Shape(3, 3)).build())
                .add(Activation::relu)
                .add(s.layerChoice("conv2",
                        () -> Conv2d.builder().setFilters(64).setKernelShape(new Shape(3, 3)).build(),
                        () -> Layers.depthwiseSeparableConv(32, 64)))
                .add(Pool.maxPool2dBlock(new Shape(2, 2)));
    }

    private static SequentialBlock head(int units) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(units).build())
                .add(Activation::relu)
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(10).build());
    }
}
