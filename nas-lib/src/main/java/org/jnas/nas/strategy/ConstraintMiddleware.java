package org.jnas.nas.strategy;

import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.jnas.nas.profile.Profile;
import org.jnas.nas.profile.ProfileLimit;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialStatus;

/** See {@link Middleware#constraint}. */
final class ConstraintMiddleware extends WrappingStrategy {
    /**
     * Skips in a row after which the search ends: a strategy that keeps proposing architectures
     * over the limit (one without dedup, or a space where nearly everything breaks it) would
     * otherwise never hand the engine anything.
     */
    static final int MAX_SKIPS_IN_A_ROW = 1000;

    private final ProfileLimit limit;
    private final Shape inputShape;
    private ModelSpace space;
    private final Map<Sample, Boolean> allowed = new HashMap<>();
    private long skipped;

    ConstraintMiddleware(Strategy inner, ProfileLimit limit, Shape inputShape) {
        super(inner);
        this.limit = Objects.requireNonNull(limit, "limit");
        this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
    }

    @Override
    public String name() {
        return inner.name() + " with " + limit;
    }

    @Override
    void begin(SearchSpace space, Direction direction, long seed) {
        if (!(space instanceof ModelSpace model)) {
            throw new IllegalArgumentException("a constraint profiles the architectures it checks, so it needs a "
                    + "ModelSpace, not " + space.getClass().getSimpleName());
        }
        super.begin(space, direction, seed);
        this.space = model;
        allowed.clear();
        skipped = 0;
    }

    @Override
    Proposal next(Capacity capacity) {
        for (int i = 0; i < MAX_SKIPS_IN_A_ROW; i++) {
            Proposal p = inner.propose(capacity);
            if (!p.isSample() || allowed.computeIfAbsent(p.sample(), this::allows)) {
                return p;
            }
            skipped++;
            // never trained, so no trial id of the experiment's: negative ids cannot clash with one
            inner.onTrialEnd(new TrialOutcome(-skipped, p.sample(), TrialStatus.FAILED, OptionalDouble.empty(),
                    List.of()));
        }
        return Proposal.EXHAUSTED;
    }

    private boolean allows(Sample sample) {
        return limit.allows(Profile.of(space, sample, inputShape));
    }

    @Override
    public long skipped() {
        return skipped + inner.skipped();
    }
}
