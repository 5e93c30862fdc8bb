package org.jnas.nas.ui;

import org.jnas.nas.internal.BackgroundThreads;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The web dashboard: an embedded HTTP server showing an experiment live in a browser.
 *
 * <pre>{@code
 * try (Dashboard d = Dashboard.builder().optSource(source).optPort(8081).build()) {
 *     System.out.println("open " + d.url());
 *     ...
 * }
 * }</pre>
 *
 * <p>It listens on 127.0.0.1 unless told otherwise, so only the local machine can reach it; it has
 * no login, and anyone who can reach it can stop the experiment. Its threads are daemons: an open
 * dashboard never keeps the JVM alive. {@link #close()} stops it at once.
 */
public final class Dashboard implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Dashboard.class.getName());

    private final HttpServer server;
    private final RequestThreads threads;
    private final Router router;
    private final String url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Dashboard(Builder b) {
        InetAddress address;
        try {
            address = InetAddress.getByName(b.bindAddress);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown bind address '" + b.bindAddress + "'", e);
        }
        threads = new RequestThreads(b.readDeadline);
        router = new Router(b.source, b.stored, b.keepAlive, address.isLoopbackAddress(), threads);
        try {
            server = HttpServer.create(new InetSocketAddress(address, b.port), 0);
        } catch (BindException e) {
            threads.close();
            // The same exception says "Cannot assign requested address" for an address not of this machine.
            if (String.valueOf(e.getMessage()).contains("in use")) {
                throw new UncheckedIOException("port " + b.port + " on " + b.bindAddress
                        + " is already in use; pass another port, or 0 for any free port", e);
            }
            throw new UncheckedIOException("cannot listen on " + b.bindAddress + ":" + b.port + ": " + e.getMessage(), e);
        } catch (IOException e) {
            threads.close();
            throw new UncheckedIOException("cannot listen on " + b.bindAddress + ":" + b.port + ": " + e.getMessage(), e);
        }
        server.setExecutor(threads);
        server.createContext("/", router::handle);
        server.start();
        String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        if (address.isAnyLocalAddress()) {
            host = "127.0.0.1";
        }
        url = "http://" + host + ":" + server.getAddress().getPort() + "/";
        LOG.log(System.Logger.Level.DEBUG, "JNAS dashboard at {0}", url);
    }

    /** A dashboard of one experiment on 127.0.0.1 at {@code port} (0: any free port), started. */
    public static Dashboard start(DashboardSource source, int port) {
        return builder().optSource(source).optPort(port).build();
    }

    /** A builder; {@link Builder#build()} starts the server. */
    public static Builder builder() {
        return new Builder();
    }

    /** The address to open in a browser, e.g. {@code http://127.0.0.1:8081/}. */
    public String url() {
        return url;
    }

    /** The port the server listens on (the one chosen when 0 was asked). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops the server at once: open event streams end, pending requests are cut off. Idempotent. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        router.close();
        server.stop(0);
        threads.close();
    }

    @Override
    public String toString() {
        return "Dashboard " + url;
    }

    /** Options of a {@link Dashboard}: {@code opt*} methods, all optional, but a source or a store is needed. */
    public static final class Builder {
        private DashboardSource source;
        private StoredExperiments stored;
        private int port = 0;
        private String bindAddress = "127.0.0.1";
        private Duration keepAlive = Duration.ofSeconds(5);
        private Duration readDeadline = Duration.ofSeconds(10);

        private Builder() {}

        /** The experiment shown on the start page (live, or read-only when viewed from the store). */
        public Builder optSource(DashboardSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The store, for the list of experiments and for viewing any of them. */
        public Builder optStoredExperiments(StoredExperiments stored) {
            this.stored = Objects.requireNonNull(stored, "stored");
            return this;
        }

        /** The port, 0 (the default) for any free port. */
        public Builder optPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535 (0: any free port), got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The address to listen on; 127.0.0.1 by default. Another address (e.g. "0.0.0.0") exposes
         * the dashboard, and its stop button, to everyone who can reach this machine.
         */
        public Builder optBindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /**
         * How often an idle event stream sends a keep-alive comment; 5 s by default. A browser that
         * went away is noticed when a write fails, so this also bounds how long its stream is held.
         */
        public Builder optKeepAliveInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("keep-alive interval must be positive, got " + interval);
            }
            this.keepAlive = interval;
            return this;
        }

        /** How long a client may take to send a request (head, then body); 10 s by default. */
        Builder requestReadDeadline(Duration deadline) {
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("request read deadline must be positive, got " + deadline);
            }
            this.readDeadline = deadline;
            return this;
        }

        /**
         * Starts the server.
         *
         * @throws IllegalArgumentException when neither a source nor a store is given
         * @throws UncheckedIOException when the port is in use (the message names it)
         */
        public Dashboard build() {
            if (source == null && stored == null) {
                throw new IllegalArgumentException("a dashboard needs an experiment (optSource) or a store (optStoredExperiments)");
            }
            // Its server's dispatcher, timer and handler threads must not join the caller's
            // thread group (see BackgroundThreads): a notebook cell would wait for them.
            return BackgroundThreads.callInGroup(() -> new Dashboard(this), "jnas-dashboard-start");
        }
    }
}
