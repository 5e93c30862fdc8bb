package org.jnas.bench;

import java.util.concurrent.Callable;

/**
 * Runs a piece of work in a new thread and waits for it, as an experiment runs a trial: PyTorch
 * keeps some settings per thread (intra-op threads, grad mode), so a reference loop measured in the
 * main thread would not train under the same settings as a trial.
 */
final class OwnThread {
    private OwnThread() {}

    /** {@code work}'s result, computed in a new thread named {@code name}; its exception, rethrown here. */
    static <T> T call(String name, Callable<T> work) throws Exception {
        Object[] result = new Object[1];
        Exception[] failure = new Exception[1];
        Thread thread = new Thread(() -> {
            try {
                result[0] = work.call();
            } catch (Exception e) {
                failure[0] = e;
            }
        }, name);
        thread.start();
        thread.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }
}
