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

    /** Clears the current cell's output, at once or when the next output arrives. */
    void clearOutput(boolean wait);
}
