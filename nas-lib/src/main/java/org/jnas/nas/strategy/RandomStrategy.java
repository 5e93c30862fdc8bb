package org.jnas.nas.strategy;

import com.google.gson.JsonObject;
import org.jnas.nas.Capacity;
import org.jnas.nas.Direction;
import org.jnas.nas.Proposal;
import org.jnas.nas.SearchSpace;
import org.jnas.nas.Strategy;
import org.jnas.nas.TrialOutcome;

/** PLACEHOLDER: the strategy helper replaces this class. */
public class RandomStrategy implements Strategy {
    @Override public String name() { return "RandomStrategy"; }
    @Override public void start(SearchSpace space, Direction direction, long seed) { throw new UnsupportedOperationException(); }
    @Override public Proposal propose(Capacity capacity) { throw new UnsupportedOperationException(); }
    @Override public void onTrialEnd(TrialOutcome outcome) { throw new UnsupportedOperationException(); }
    @Override public JsonObject saveState() { throw new UnsupportedOperationException(); }
    @Override public void restoreState(JsonObject state) { throw new UnsupportedOperationException(); }
}
