package org.jnas.kernel.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jnas.kernel.protocol.Channel;
import org.jnas.kernel.protocol.ConnectionInfo;
import org.jnas.kernel.protocol.Message;
import org.jnas.kernel.protocol.MessageSink;
import org.jnas.kernel.protocol.ProtocolException;
import org.jnas.kernel.protocol.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The kernel's sockets. One I/O thread owns shell, control, stdin and IOPub and blocks on
 * {@code poll}; other threads hand it messages through a queue and wake it with one byte on a
 * pipe that poll also watches, so no socket is ever used by two threads. The heartbeat echoes on
 * its own thread.
 *
 * <p>Every socket refuses a frame larger than the codec's limit as soon as its header declares the
 * size, before allocating it: a peer needs no key to send a header. Should a thread that moves bytes
 * die all the same (JeroMQ's I/O thread, this class's two), the kernel can no longer answer while
 * its process lives on, so the transport reports it ({@code onDeath}) for the process to end and
 * Jupyter's restarter to act.
 */
public final class ZmqTransport implements MessageSink, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ZmqTransport.class.getName());

    private final ConnectionInfo info;
    private final WireCodec codec;
    private final Consumer<Throwable> onDeath;
    private final ZContext context = new ZContext(1);
    private final ConcurrentLinkedQueue<Object> outbox = new ConcurrentLinkedQueue<>();
    /**
     * Wakes the I/O thread. A plain pipe rather than an inproc ZeroMQ pair: JeroMQ moves an inproc
     * message through its own pipe, a mailbox and a second selector wake-up, and every poll asks
     * each registered socket for its events, which makes each wake-up costly for the I/O thread.
     */
    private final Pipe wake;
    private final ByteBuffer wakeDrain = ByteBuffer.allocate(64);
    /** Set by the thread that writes a wake byte, cleared by the I/O thread before it drains the outbox. */
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile boolean running = true;
    private volatile Thread ioThread;

    private record Outgoing(Channel channel, Message message) {}

    /**
     * Creates the transport; nothing is bound until {@link #start}.
     *
     * @param onDeath called once, with the cause, if a thread that moves bytes dies while the
     *     transport is open: the kernel cannot answer any more (the process should end)
     */
    public ZmqTransport(ConnectionInfo info, WireCodec codec, Consumer<Throwable> onDeath) {
        this.info = info;
        this.codec = codec;
        this.onDeath = onDeath;
        context.setLinger(200);
        // Before the first socket: JeroMQ starts its I/O thread then, with these handlers.
        context.setUncaughtExceptionHandler(this::died);
        // What JeroMQ's I/O thread survives (it prints them by default, into a cell's stderr here).
        context.setNotificationExceptionHandler((t, e) -> LOG.log(Level.WARNING, "ZeroMQ I/O thread " + t.getName(), e));
        try {
            this.wake = Pipe.open();
            wake.source().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the I/O thread's wake-up pipe", e);
        }
    }

    /**
     * Binds every port and starts the I/O and heartbeat threads (daemons).
     *
     * @param handler receives each well-formed, correctly signed request with its channel, on the
     *     I/O thread: it must hand work off quickly
     */
    public void start(BiConsumer<Channel, Message> handler) {
        ZMQ.Socket shell = bind(SocketType.ROUTER, info.shellPort());
        ZMQ.Socket control = bind(SocketType.ROUTER, info.controlPort());
        ZMQ.Socket stdin = bind(SocketType.ROUTER, info.stdinPort());
        ZMQ.Socket iopub = bind(SocketType.PUB, info.iopubPort());
        // Never drop output: a 10,000-line cell must arrive whole however slow the frontend reads.
        iopub.setSndHWM(0);
        ZMQ.Socket hb = bind(SocketType.REP, info.hbPort());

        Thread heartbeat = new Thread(() -> echo(hb), "jnas-heartbeat");
        heartbeat.setDaemon(true);
        heartbeat.setUncaughtExceptionHandler(this::died);
        heartbeat.start();

        Thread io = new Thread(() -> loop(shell, control, stdin, iopub, handler), "jnas-io");
        io.setDaemon(true);
        io.setUncaughtExceptionHandler(this::died);
        ioThread = io;
        io.start();
    }

    private ZMQ.Socket bind(SocketType type, int port) {
        ZMQ.Socket s = context.createSocket(type);
        s.setLinger(200);
        s.setMaxMsgSize(codec.maxBytes());
        s.bind(info.endpoint(port));
        return s;
    }

    /** A thread that moves bytes ended abruptly: unless the transport is closing, nothing answers any more. */
    private void died(Thread thread, Throwable cause) {
        if (running) {
            running = false;
            LOG.log(Level.SEVERE, "thread " + thread.getName() + " of the kernel's sockets died", cause);
            onDeath.accept(cause);
        }
    }

    private void echo(ZMQ.Socket hb) {
        try {
            while (running) {
                byte[] ping = hb.recv(0);
                if (ping == null) {
                    return;
                }
                hb.send(ping, 0);
            }
        } catch (RuntimeException e) {
            // At shutdown the context was closed under it; otherwise no heartbeat answers any more.
            died(Thread.currentThread(), e);
        }
    }

    private void loop(ZMQ.Socket shell, ZMQ.Socket control, ZMQ.Socket stdin, ZMQ.Socket iopub,
            BiConsumer<Channel, Message> handler) {
        ZMQ.Poller poller = context.createPoller(4);
        int controlIdx = poller.register(control, ZMQ.Poller.POLLIN);
        int shellIdx = poller.register(shell, ZMQ.Poller.POLLIN);
        int stdinIdx = poller.register(stdin, ZMQ.Poller.POLLIN);
        int wakeIdx = poller.register(wake.source(), ZMQ.Poller.POLLIN);
        try {
            drain(shell, control, stdin, iopub); // anything queued before this thread started
            while (running) {
                if (poller.poll(-1) < 0) {
                    died(Thread.currentThread(), new IllegalStateException("polling the sockets failed"));
                    break;
                }
                if (poller.pollin(wakeIdx)) {
                    drainWakeBytes();
                }
                // Before the outbox is drained below: an item added from now on wakes the next turn.
                wakePending.set(false);
                if (poller.pollin(controlIdx)) {
                    receive(control, Channel.CONTROL, handler);
                }
                if (poller.pollin(shellIdx)) {
                    receive(shell, Channel.SHELL, handler);
                }
                if (poller.pollin(stdinIdx)) {
                    receive(stdin, Channel.STDIN, handler);
                }
                drain(shell, control, stdin, iopub);
            }
        } catch (RuntimeException e) {
            died(Thread.currentThread(), e);
        } finally {
            try {
                wake.source().close();
                wake.sink().close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing the wake-up pipe", e);
            }
        }
    }

    private void drainWakeBytes() {
        try {
            while (wake.source().read(wakeDrain.clear()) > 0) {
                // the outbox holds the work
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "wake-up pipe closed", e);
        }
    }

    private void receive(ZMQ.Socket socket, Channel channel, BiConsumer<Channel, Message> handler) {
        // Read every message that is waiting, so that a burst is handled in one turn.
        while (true) {
            byte[] first = socket.recv(ZMQ.DONTWAIT);
            if (first == null) {
                return;
            }
            List<byte[]> frames = new ArrayList<>();
            frames.add(first);
            while (socket.hasReceiveMore()) {
                frames.add(socket.recv(0));
            }
            Message m;
            try {
                m = codec.decode(frames);
            } catch (ProtocolException e) {
                LOG.warning("dropped message on " + channel + ": " + e.getMessage());
                continue;
            }
            try {
                handler.accept(channel, m);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "handler failed for " + m.type() + " on " + channel, e);
            }
        }
    }

    private void drain(ZMQ.Socket shell, ZMQ.Socket control, ZMQ.Socket stdin, ZMQ.Socket iopub) {
        Object item;
        while ((item = outbox.poll()) != null) {
            if (item instanceof Runnable r) {
                r.run();
                continue;
            }
            Outgoing o = (Outgoing) item;
            ZMQ.Socket s = switch (o.channel()) {
                case SHELL -> shell;
                case CONTROL -> control;
                case STDIN -> stdin;
                case IOPUB -> iopub;
            };
            List<byte[]> frames = codec.encode(o.message());
            for (int i = 0; i < frames.size(); i++) {
                s.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
            }
        }
    }

    @Override
    public void send(Channel channel, Message message) {
        enqueue(new Outgoing(channel, message));
    }

    @Override
    public void afterFlush(Runnable action) {
        enqueue(action);
    }

    /**
     * Queues an item for the I/O thread and wakes it, once per turn however many items other
     * threads add (a cell's result, reply and idle); the I/O thread's own items go out in the turn
     * it is in, so it never wakes itself.
     */
    private void enqueue(Object item) {
        outbox.add(item);
        Thread io = ioThread;
        if (io != null && Thread.currentThread() != io && wakePending.compareAndSet(false, true)) {
            wakeIoThread();
        }
    }

    private void wakeIoThread() {
        try {
            wake.sink().write(ByteBuffer.wrap(new byte[] {1}));
        } catch (IOException e) {
            if (running) {
                LOG.log(Level.WARNING, "could not wake the I/O thread", e);
            }
        }
    }

    /** Stops the threads and closes every socket, waiting at most a moment for queued sends. */
    @Override
    public void close() {
        running = false;
        wakeIoThread();
        Thread closer = new Thread(context::close, "jnas-zmq-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
