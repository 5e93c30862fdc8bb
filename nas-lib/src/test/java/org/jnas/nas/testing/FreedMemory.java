package org.jnas.nas.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the memory of Java buffers that are no longer referenced free and reused, zeroed: what a
 * long search does by chance. DJL's PyTorch engine builds a tensor made from Java values (an
 * {@code NDArray.mul(Number)}'s number, for one) over a direct buffer it does not copy, so a graph
 * that still reads such a tensor after DJL has dropped it reads this memory instead.
 */
public final class FreedMemory {
    private FreedMemory() {}

    /** Collects garbage (which frees unreferenced direct buffers) and fills the freed memory with zeros. */
    public static void reuse() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);   // direct buffers are freed by the cleaner thread, after the collection
        }
        List<ByteBuffer> zeros = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(8);
            buffer.putLong(0, 0L);
            zeros.add(buffer);
        }
    }
}
