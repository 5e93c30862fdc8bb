package org.jnas.kernel.display;

import java.util.List;

/** The display package's global state (renderer registry, display sink), saved to be put back after a test. */
public final class DisplayState {
    private final List<?> renderers = Renderers.snapshot();
    private final DisplaySink sink = Display.sink();

    private DisplayState() {}

    /** The state now. */
    public static DisplayState save() {
        return new DisplayState();
    }

    /** Puts the saved registry and sink back. */
    public void restore() {
        Renderers.restore(renderers);
        Display.install(sink);
    }
}
