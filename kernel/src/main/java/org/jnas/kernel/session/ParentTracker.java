package org.jnas.kernel.session;

import java.util.concurrent.atomic.AtomicReference;
import org.jnas.kernel.protocol.Header;

/**
 * Which request an output belongs to. A cell's thread carries its request header, and threads it
 * starts inherit it, so output from a background thread lands under the cell that started it even
 * after that cell ended. Threads with no inherited header (pools created elsewhere) use the latest
 * execute request.
 */
final class ParentTracker {
    private final InheritableThreadLocal<Header> inherited = new InheritableThreadLocal<>();
    private final AtomicReference<Header> latest = new AtomicReference<>();

    void enter(Header parent) {
        inherited.set(parent);
        latest.set(parent);
    }

    Header current() {
        Header h = inherited.get();
        return h != null ? h : latest.get();
    }

    /**
     * {@code task} carrying the calling thread's request to the thread that runs it: threads kept
     * in a pool (JNAS's trial threads) inherited the request of whichever cell made them.
     */
    Runnable carry(Runnable task) {
        Header parent = current();
        return () -> {
            Header own = inherited.get();
            inherited.set(parent);
            try {
                task.run();
            } finally {
                inherited.set(own);
            }
        };
    }
}
