package org.jnas.kernel.display;

/**
 * Where displays go; the kernel implements it. Calls come from any thread, also after the cell
 * that started the thread has finished: implementations must never drop them.
 */
public interface DisplaySink {
    /** Shows a new output (display_data). */
    void display(MimeBundle bundle);

    /** Replaces every output shown with {@code bundle.displayId()} (update_display_data). */
    void update(MimeBundle bundle);

    /**
     * Where output of the calling thread goes now (the kernel: the request of the cell that runs
     * or started this thread), to pass to {@link #update(MimeBundle, Object)} later from another
     * thread; null when the sink does not tell outputs apart.
     */
    default Object currentTarget() {
        return null;
    }

    /**
     * Replaces every output shown with {@code bundle.displayId()}, as output of {@code target}
     * (from {@link #currentTarget()}) rather than of the calling thread; null target: as
     * {@link #update(MimeBundle)}.
     */
    default void update(MimeBundle bundle, Object target) {
        update(bundle);
    }

    /** Clears the current cell's output, at once or when the next output arrives. */
    void clearOutput(boolean wait);
}
