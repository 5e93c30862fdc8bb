package org.jnas.nas.data;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * How far one file's download has got, told a line at a time by the thread that waits for it
 * ({@code DatasetFiles}): how much of how much at what rate while it runs, and the whole once its
 * checksum is verified:
 * <pre>
 * downloading train-images-idx3-ubyte.gz from https://.../train-images-idx3-ubyte.gz
 *   train-images-idx3-ubyte.gz: 12.0 MB of 26.4 MB (45%), 3.1 MB/s
 *   train-images-idx3-ubyte.gz: 26.4 MB in 8.5 s, checksum verified
 * </pre>
 * The HTTP client's threads count the bytes as they hand them over.
 */
final class DownloadProgress {
    private final String name;
    private final Consumer<String> out;
    private final long started = System.nanoTime();
    private volatile long total = -1;
    private volatile long received;
    /** When the last data came (the response's headers, then each part of the body), by System.nanoTime(). */
    private volatile long lastData = started;

    DownloadProgress(String name, Consumer<String> out) {
        this.name = name;
        this.out = out;
    }

    /** {@code handler}, counting the bytes of the body it receives against the response's length. */
    <T> HttpResponse.BodyHandler<T> counting(HttpResponse.BodyHandler<T> handler) {
        return info -> {
            total = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            lastData = System.nanoTime();
            return new Counting<>(handler.apply(info));
        };
    }

    /** A line of how far it has got: received, of the length when the server gave one, and the rate so far. */
    void show() {
        long bytes = received;
        long length = total;
        String rate = size((long) (bytes / ((System.nanoTime() - started) / 1e9))) + "/s";
        out.accept(length > 0
                ? String.format(Locale.ROOT, "  %s: %s of %s (%d%%), %s", name, size(bytes), size(length), 100 * bytes / length, rate)
                : String.format(Locale.ROOT, "  %s: %s, %s", name, size(bytes), rate));
    }

    /** When data last came, by {@link System#nanoTime()}; the start while none has. */
    long lastDataNanos() {
        return lastData;
    }

    /** What has come so far, e.g. {@code 1.0 kB of 26.4 MB}, or {@code 1.0 kB} when the length is unknown. */
    String receivedSoFar() {
        long length = total;
        return length >= 0 ? size(received) + " of " + size(length) : size(received);
    }

    /** The last line: the whole file, its time, and that its checksum was verified. */
    void done() {
        double seconds = (System.nanoTime() - started) / 1e9;
        out.accept(String.format(Locale.ROOT, "  %s: %s in %.1f s, checksum verified", name, size(received), seconds));
    }

    /** {@code bytes} in B, kB or MB (decimal, as the mirrors list their files). */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** A body subscriber that counts what passes through to the one it wraps. */
    private final class Counting<T> implements HttpResponse.BodySubscriber<T> {
        private final HttpResponse.BodySubscriber<T> inner;

        Counting(HttpResponse.BodySubscriber<T> inner) {
            this.inner = inner;
        }

        @Override
        public CompletionStage<T> getBody() {
            return inner.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            inner.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            long bytes = 0;
            for (ByteBuffer b : buffers) {
                bytes += b.remaining();
            }
            inner.onNext(buffers);
            received += bytes; // one subscriber thread at a time (the Flow contract)
            if (bytes > 0) {
                lastData = System.nanoTime();
            }
        }

        @Override
        public void onError(Throwable error) {
            inner.onError(error);
        }

        @Override
        public void onComplete() {
            inner.onComplete();
        }
    }
}
