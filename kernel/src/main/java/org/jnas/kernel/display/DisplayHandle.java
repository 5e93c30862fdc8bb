package org.jnas.kernel.display;

import java.util.Objects;
import java.util.UUID;

/** An output that can be replaced in place from any thread, for as long as the notebook is open. */
public final class DisplayHandle {
    private final String id;

    DisplayHandle(String id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    /** A handle with a fresh id, not yet shown. */
    public static DisplayHandle create() {
        return new DisplayHandle(UUID.randomUUID().toString());
    }

    /** The display id (transient {@code display_id} on the wire). */
    public String id() {
        return id;
    }

    /** Replaces the output with {@code value}, rendered through the registry. */
    public void update(Object value) {
        Display.sink().update(Renderers.render(value).withDisplayId(id));
    }

    /** Shows {@code value} as a new output that this handle can update. */
    public DisplayHandle show(Object value) {
        Display.sink().display(Renderers.render(value).withDisplayId(id));
        return this;
    }

    @Override
    public String toString() {
        return "DisplayHandle[" + id + "]";
    }
}
