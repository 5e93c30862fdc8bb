package org.jnas.nas.export;

import ai.djl.nn.Block;
import java.util.Optional;

/**
 * Writes the Java expression that builds one kind of block, for CODE export. Register writers for
 * blocks of your own with {@link JavaCodeExporter#register}; classes of {@code ai.djl.nn},
 * {@code ai.djl.nn.core}, {@code ai.djl.nn.convolutional}, {@code ai.djl.nn.norm},
 * {@code ai.djl.nn.pooling}, {@code ai.djl.ndarray} and {@code ai.djl.ndarray.types} may be named
 * by their simple names (the generated source imports each one it names); use fully qualified
 * names for anything else.
 */
@FunctionalInterface
public interface BlockCodeWriter {

    /** Where a writer is in the block tree, and how it writes the blocks inside its block. */
    interface Context {
        /**
         * The expression that builds a child block; its continuation lines are indented for use as
         * an argument on a continuation line of the current expression.
         */
        String expression(Block child, String childName);

        /** Where the current block is, e.g. {@code model/03SequentialBlock/01LambdaBlock}. */
        String position();
    }

    /**
     * The expression that builds {@code block}, or empty when this writer does not handle it. Its
     * continuation lines are indented relative to the expression's first line.
     *
     * @throws IllegalArgumentException when the writer handles the block's kind but cannot write
     *     this one (the message names {@link Context#position()} and what to use instead)
     */
    Optional<String> write(Block block, Context context);
}
