package org.jnas.kernel.session;

import java.util.function.Supplier;
import org.jnas.kernel.display.DisplaySink;
import org.jnas.kernel.display.MimeBundle;
import org.jnas.kernel.protocol.ClearOutput;
import org.jnas.kernel.protocol.DisplayData;
import org.jnas.kernel.protocol.Header;
import org.jnas.kernel.protocol.MessageType;

/**
 * Where the display helpers' outputs go: IOPub, under the request that started the calling thread,
 * or the latest cell. Never dropped, also from a thread that outlives its cell. Pending stdout and
 * stderr go out first, so that outputs keep the order they were made in.
 */
final class DisplayPublisher implements DisplaySink {
    private final Publisher publisher;
    private final ParentTracker parents;
    private final StreamCapture streams;
    private final Supplier<Header> runningCell;

    /** @param runningCell the execute request running now, or null between cells */
    DisplayPublisher(Publisher publisher, ParentTracker parents, StreamCapture streams, Supplier<Header> runningCell) {
        this.publisher = publisher;
        this.parents = parents;
        this.streams = streams;
        this.runningCell = runningCell;
    }

    /** A bundle as display_data or update_display_data content. */
    static DisplayData content(MimeBundle bundle) {
        return new DisplayData(bundle.data(), bundle.metadata(), bundle.displayId());
    }

    @Override
    public void display(MimeBundle bundle) {
        streams.flush();
        publisher.publish(parents.current(), MessageType.DISPLAY_DATA, content(bundle));
    }

    @Override
    public void update(MimeBundle bundle) {
        streams.flush();
        publisher.publish(parents.current(), MessageType.UPDATE_DISPLAY_DATA, content(bundle));
    }

    @Override
    public Object currentTarget() {
        return parents.current();
    }

    /**
     * Under the cell running now, else under {@code target} (the cell that showed the display).
     * Frontends find the output by display id whatever the parent (JupyterLab, Notebook), but
     * nbclient, thus nbconvert --execute, reads only the running cell's messages: an update under an
     * earlier cell would be lost there while a later cell, e.g. {@code exp.await(...)}, runs.
     */
    @Override
    public void update(MimeBundle bundle, Object target) {
        streams.flush();
        Header running = runningCell.get();
        Header parent = running != null ? running : target instanceof Header h ? h : parents.current();
        publisher.publish(parent, MessageType.UPDATE_DISPLAY_DATA, content(bundle));
    }

    @Override
    public void clearOutput(boolean wait) {
        streams.flush();
        publisher.publish(parents.current(), MessageType.CLEAR_OUTPUT, new ClearOutput(wait));
    }
}
