package org.jnas.kernel.display;

import java.util.Objects;
import java.util.UUID;

/**
 * An output that can be replaced in place from any thread, for as long as the notebook is open.
 * Updates are published as output of the cell that created or last showed the handle, whichever
 * thread sends them (a shared updater thread, a pool started elsewhere), so frontends that route
 * by parent keep them with that cell.
 */
public final class DisplayHandle {
    /** The handle whose {@link #show} is rendering a value on this thread. */
    private static final ThreadLocal<DisplayHandle> SHOWING = new ThreadLocal<>();

    private final String id;
    private volatile Object target;

    DisplayHandle(String id) {
        this.id = Objects.requireNonNull(id, "id");
        this.target = Display.sink().currentTarget();
    }

    /** A handle with a fresh id, not yet shown; its updates belong to the calling cell. */
    public static DisplayHandle create() {
        return new DisplayHandle(UUID.randomUUID().toString());
    }

    /**
     * For renderers of live views: the handle whose {@link #show} is rendering the value on this
     * thread (so that {@code display(x)} returns the handle of the live output), else a new handle
     * (a cell's value) whose updates belong to the calling cell.
     */
    public static DisplayHandle forRendering() {
        DisplayHandle showing = SHOWING.get();
        return showing != null ? showing : create();
    }

    /** The display id (transient {@code display_id} on the wire). */
    public String id() {
        return id;
    }

    /** Replaces the output with {@code value}, rendered through the registry. */
    public void update(Object value) {
        update(Renderers.render(value));
    }

    /** Replaces the output with {@code bundle} as it is (its display id is set to this handle's). */
    public void update(MimeBundle bundle) {
        Display.sink().update(bundle.withDisplayId(id), target);
    }

    /** Shows {@code value} as a new output that this handle can update. */
    public DisplayHandle show(Object value) {
        target = Display.sink().currentTarget();
        MimeBundle bundle;
        DisplayHandle outer = SHOWING.get();
        SHOWING.set(this);
        try {
            bundle = Renderers.render(value);
        } finally {
            if (outer == null) {
                SHOWING.remove();
            } else {
                SHOWING.set(outer);
            }
        }
        Display.sink().display(bundle.withDisplayId(id));
        return this;
    }

    @Override
    public String toString() {
        return "DisplayHandle[" + id + "]";
    }
}
