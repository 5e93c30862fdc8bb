package org.jnas.nas.export;

import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jnas.nas.space.CellBlock;
import org.jnas.nas.space.InputChoiceBlock;

/**
 * CODE export of the blocks a model space itself puts into an architecture: an input choice's
 * {@link InputChoiceBlock} and a cell's {@link CellBlock}. The generated source builds them with
 * their public constructors (fully qualified: the exported class then needs nas-lib on its class
 * path, but not the space).
 */
final class SpaceBlockWriters {
    private static final String SPACE = "org.jnas.nas.space.";
    private static final String REDUCTION = "org.jnas.nas.space.Reduction.";
    private static final String INDENT = "        ";

    private SpaceBlockWriters() {}

    static Optional<String> inputChoice(Block block, BlockCodeWriter.Context context) {
        if (!(block instanceof InputChoiceBlock b)) {
            return Optional.empty();
        }
        return Optional.of("new " + SPACE + "InputChoiceBlock(" + b.numCandidates() + ", java.util.List.of("
                + b.chosen().stream().map(String::valueOf).collect(Collectors.joining(", ")) + "), "
                + REDUCTION + b.reduction().name() + ")");
    }

    static Optional<String> cell(Block block, BlockCodeWriter.Context context) {
        if (!(block instanceof CellBlock b)) {
            return Optional.empty();
        }
        List<Pair<String, Block>> children = b.getChildren().stream().toList();
        StringBuilder code = new StringBuilder("new " + SPACE + "CellBlock(" + b.numPredecessors() + ", java.util.List.of(");
        int child = 0;
        for (int n = 0; n < b.nodes().size(); n++) {
            code.append(n == 0 ? "" : ",").append("\n").append(INDENT).append("java.util.List.of(");
            List<CellBlock.Edge> edges = b.nodes().get(n);
            for (int e = 0; e < edges.size(); e++) {
                Pair<String, Block> op = children.get(child++);
                code.append(e == 0 ? "" : ",").append("\n").append(INDENT).append(INDENT)
                        .append("new " + SPACE + "CellBlock.Edge(").append(edges.get(e).input()).append(", ")
                        .append(context.expression(op.getValue(), op.getKey()).replace("\n", "\n" + INDENT + INDENT))
                        .append(")");
            }
            code.append(")");
        }
        code.append("),\n").append(INDENT).append(REDUCTION).append(b.merge().name()).append(")");
        return Optional.of(code.toString());
    }
}
