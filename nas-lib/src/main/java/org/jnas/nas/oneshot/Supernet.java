package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;

/**
 * A model space built once with every candidate in it: the DJL block whose mixed blocks read the
 * architecture parameters, and those parameters by label. It reads the architecture off the
 * parameters as a {@link Sample} of the same space, so the existing multi-trial code can build,
 * retrain and export it.
 */
final class Supernet {
    private final ModelSpace space;
    private final Block block;
    private final Map<String, ArchitectureParameter> parameters;

    private Supernet(ModelSpace space, Block block, Map<String, ArchitectureParameter> parameters) {
        this.space = space;
        this.block = block;
        this.parameters = parameters;
    }

    /**
     * Runs {@code space}'s function once in supernet mode.
     *
     * @throws IllegalArgumentException naming the label of a construct a supernet cannot follow yet
     *     (see {@link SupernetSampler}), or of one the space refuses in any use
     */
    static Supernet build(ModelSpace space, long seed) {
        SupernetSampler sampler = new SupernetSampler(seed);
        Block block = space.build(sampler);
        if (sampler.parameters().isEmpty()) {
            throw new IllegalArgumentException("space '" + space.name() + "' has no layer, value, input or repeat choice for a"
                    + " one-shot search to learn");
        }
        Supernet supernet = new Supernet(space, block, new LinkedHashMap<>(sampler.parameters()));
        // the export runs the space as multi-trial does, with its checks (label consistency, ordered
        // candidates, ...): one run now finds what they refuse before any training, not after it
        supernet.export();
        return supernet;
    }

    Block block() {
        return block;
    }

    /** The architecture parameters by label, in the order the space met them. */
    Map<String, ArchitectureParameter> parameters() {
        return parameters;
    }

    /**
     * Makes every label's logits for one step in {@code manager}, with gradients when {@code learn},
     * mixed by {@code relaxation}.
     */
    void begin(NDManager manager, boolean learn, Relaxation relaxation) {
        parameters.values().forEach(p -> p.begin(manager, learn, relaxation));
    }

    void end() {
        parameters.values().forEach(ArchitectureParameter::end);
    }

    /** Makes every mixed block follow {@code path} (label -> candidates, as {@link #pathOf} gives). */
    void setPath(Map<String, List<Integer>> path) {
        parameters.forEach((label, alpha) -> {
            List<Integer> chosen = path.get(label);
            if (chosen == null) {
                throw new IllegalArgumentException("the path has no candidate for label '" + label + "'");
            }
            alpha.setPath(chosen);
        });
    }

    /** Makes every mixed block mix all its candidates again. */
    void clearPath() {
        parameters.values().forEach(ArchitectureParameter::clearPath);
    }

    /** A path drawn uniformly and independently per label, as SPOS samples one each step. */
    Map<String, List<Integer>> randomPath(Random random) {
        Map<String, List<Integer>> path = new LinkedHashMap<>();
        parameters.forEach((label, alpha) -> path.put(label, alpha.randomPath(random)));
        return path;
    }

    /**
     * The path of {@code sample}, an architecture of the space: per label its candidate's index (a
     * layer choice, a repeat's depth) or its chosen inputs. Labels the architecture does not meet
     * take their first candidate: no block of theirs runs on this path.
     *
     * @throws IllegalArgumentException when {@code sample} is not an architecture of the space
     */
    Map<String, List<Integer>> pathOf(Sample sample) {
        Sample valid = space.validate(sample);
        Map<String, List<Integer>> path = new LinkedHashMap<>();
        parameters.forEach((label, alpha) -> path.put(label, alpha.kind() == ChoiceKind.INPUT
                ? IntStream.range(0, alpha.numChosen()).boxed().toList()
                : List.of(0)));
        space.sample(choice -> {
            int index = choice.indexOf(valid.get(choice.label()));
            if (choice.kind() == ChoiceKind.INPUT) {
                @SuppressWarnings("unchecked")
                List<Integer> inputs = (List<Integer>) choice.candidates().get(index);
                path.put(choice.label(), List.copyOf(inputs));
            } else {
                path.put(choice.label(), List.of(index));
            }
            return index;
        });
        return path;
    }

    /**
     * Holds the scale and shift of every {@code BatchNorm} inside a candidate (of a layer choice, a
     * cell's edge, a repeat's depths, a value mixed over its blocks) at 1 and 0, as DARTS's search
     * model builds its ops with {@code affine=False}: where candidates are summed by their
     * probabilities, a learnt scale could make up for a small probability, so that the probability
     * would no longer say how much the candidate helps. A weight-shared value's {@code BatchNorm}
     * and those outside every choice keep theirs. Call it before the trainer lists its weights: a
     * frozen parameter is then none of them.
     */
    void fixCandidateNormScales() {
        fixNormScales(block, false);
    }

    private static void fixNormScales(Block block, boolean inCandidate) {
        if (inCandidate && block instanceof BatchNorm) {
            block.getParameters().values().stream()
                    .filter(p -> p.getType() == Parameter.Type.GAMMA || p.getType() == Parameter.Type.BETA)
                    .forEach(p -> p.freeze(true));
        }
        boolean candidates = inCandidate || block instanceof PathBlock && !(block instanceof SharedLayer);
        block.getChildren().values().forEach(child -> fixNormScales(child, candidates));
    }

    /** The weights off the path set now: those of every candidate and depth the path skips. */
    List<Parameter> offPathWeights() {
        Set<Parameter> off = Collections.newSetFromMap(new IdentityHashMap<>());
        addOffPath(block, off);
        return List.copyOf(off);
    }

    private static void addOffPath(Block block, Set<Parameter> off) {
        if (block instanceof PathBlock mixed) {
            List<Parameter> weights = new ArrayList<>();
            mixed.addOffPathWeights(weights);
            off.addAll(weights);
        }
        block.getChildren().values().forEach(child -> addOffPath(child, off));
    }

    /**
     * The probabilities softmax(alpha) per label, in candidate order: per layer candidate, per
     * depth of a repeat, per input of an input choice.
     */
    Map<String, List<Double>> probabilities() {
        Map<String, List<Double>> p = new LinkedHashMap<>();
        parameters.forEach((label, alpha) -> p.put(label, alpha.probabilities()));
        return p;
    }

    /**
     * Stops a search whose logits are no longer numbers, before epoch {@code epoch} (from 0) is
     * recorded: a gradient can be infinite while the loss is finite (GumbelDARTS's freed temperature
     * did that once), and Adam then makes the logits NaN, whose argmax is the first candidate.
     */
    void requireFiniteProbabilities(int epoch) {
        probabilities().forEach((label, p) -> {
            if (!p.stream().allMatch(Double::isFinite)) {
                throw diverged("the probabilities of label '" + label + "' are " + p + " after epoch " + (epoch + 1),
                        "architectureLearningRate");
            }
        });
    }

    /** The error of a search that diverged: {@code what} is not finite, {@code lower} the settings to lower. */
    static ArithmeticException diverged(String what, String lower) {
        return new ArithmeticException("the supernet diverged: " + what + "; lower " + lower
                + " (an experiment resumes from its last completed epoch)");
    }

    /**
     * The most likely architecture: each label's most probable candidate (an input choice's k most
     * probable inputs), as a sample of the space with only the labels its decisions meet.
     */
    Sample export() {
        return space.sample(choice -> candidateIndex(choice, parameter(choice).top()));
    }

    /** {@code architecture} as a sample of the space. */
    Sample sampleOf(RankedArchitecture architecture) {
        return space.sample(choice -> architecture.candidates().get(choice.label()));
    }

    /**
     * The architecture of {@code draws} (per label, the candidates drawn, an input choice's inputs):
     * the index of each candidate in its choice, for the labels its decisions meet, in the order the
     * space meets them.
     */
    Map<String, Integer> candidatesOf(Map<String, List<Integer>> draws) {
        Map<String, Integer> candidates = new LinkedHashMap<>();
        space.sample(choice -> {
            parameter(choice);
            int index = candidateIndex(choice, draws.get(choice.label()));
            candidates.put(choice.label(), index);
            return index;
        });
        return candidates;
    }

    /** {@code choice}'s architecture parameters; a label the supernet does not hold is a defect of the space. */
    private ArchitectureParameter parameter(Choice choice) {
        ArchitectureParameter alpha = parameters.get(choice.label());
        if (alpha == null) {
            throw new IllegalStateException("label '" + choice.label() + "' of space '" + space.name()
                    + "' was not in the supernet: the space function met other choices on a second run");
        }
        return alpha;
    }

    /** The index in {@code choice} of the candidate {@code drawn}: a layer or value choice's one candidate, an input choice's inputs. */
    private int candidateIndex(Choice choice, List<Integer> drawn) {
        if (choice.kind() != ChoiceKind.INPUT) {
            return drawn.get(0);
        }
        List<Integer> inputs = drawn.stream().sorted().toList();
        int index = choice.indexOf(inputs);
        if (index < 0) {
            throw new IllegalStateException("label '" + choice.label() + "': inputs " + inputs
                    + " are not among its candidates " + choice.candidates());
        }
        return index;
    }
}
