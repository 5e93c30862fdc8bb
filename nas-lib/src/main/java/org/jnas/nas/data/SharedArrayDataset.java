package org.jnas.nas.data;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import java.util.stream.LongStream;

/**
 * An {@link ArrayDataset} over arrays that other datasets read too (an {@link ArrayData}'s native
 * copy). DJL cuts a run of consecutive examples (a test set read in order) as a slice, which on
 * PyTorch is a view of the source memory: an in-place operation on such a batch would change the
 * data of every trial. Gathering by index makes each batch a copy, as shuffled batches already are.
 */
final class SharedArrayDataset extends ArrayDataset {

    SharedArrayDataset(ArrayDataset.Builder builder) {
        super(builder);
    }

    @Override
    public Batch getByRange(NDManager manager, long fromIndex, long toIndex) {
        return getByIndices(manager, LongStream.range(fromIndex, toIndex).toArray());
    }
}
