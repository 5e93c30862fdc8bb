package org.jnas.kernel.display;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

/**
 * Display helpers for cells; every cell imports them statically ({@code display(table)},
 * {@code html("<b>hi</b>")}, {@code clearOutput()}). They work from any thread, also from a
 * thread that outlives its cell.
 */
public final class Display {
    private static volatile DisplaySink sink = new DisplaySink() {
        @Override
        public void display(MimeBundle bundle) {
            System.out.println(bundle.data().get("text/plain"));
        }

        @Override
        public void update(MimeBundle bundle) {
            display(bundle);
        }

        @Override
        public void clearOutput(boolean wait) {
            // Outside a kernel there is nothing to clear.
        }
    };

    /** Each cell's shown value by execution count, like IPython's {@code Out}. */
    private static final ConcurrentSkipListMap<Integer, Object> OUTPUTS = new ConcurrentSkipListMap<>();

    private Display() {}

    /** Installs where displays go; the kernel calls this at start-up. */
    public static void install(DisplaySink target) {
        if (target == null) {
            throw new IllegalArgumentException("display sink must not be null");
        }
        sink = target;
    }

    static DisplaySink sink() {
        return sink;
    }

    /** Shows {@code value} rendered by the registry and returns a handle to update it in place. */
    public static DisplayHandle display(Object value) {
        return DisplayHandle.create().show(value);
    }

    /** A handle for a display to show later, e.g. to create it before a background job starts. */
    public static DisplayHandle newDisplay() {
        return DisplayHandle.create();
    }

    /** Clears the cell's output now. */
    public static void clearOutput() {
        sink.clearOutput(false);
    }

    /** Clears the cell's output when the next output arrives (no flicker for animations). */
    public static void clearOutput(boolean wait) {
        sink.clearOutput(wait);
    }

    /** HTML markup, rendered as HTML when it is a cell's value or displayed. */
    public static Renderers.Html html(String markup) {
        return new Renderers.Html(markup);
    }

    /** Markdown, rendered by the frontend. */
    public static Renderers.Markdown markdown(String source) {
        return new Renderers.Markdown(source);
    }

    /** An SVG document. */
    public static Renderers.Svg svg(String document) {
        return new Renderers.Svg(document);
    }

    /** LaTeX, e.g. {@code latex("$$\\sum_i x_i$$")}. */
    public static Renderers.Latex latex(String source) {
        return new Renderers.Latex(source);
    }

    /** Registers a renderer from a cell: {@code registerRenderer(Point.class, p -> MimeBundle.text(...))}. */
    public static <T> void registerRenderer(Class<T> type, Function<? super T, MimeBundle> renderer) {
        Renderers.register(type, renderer);
    }

    /**
     * The value cell {@code [executionCount]} showed as its result, e.g. {@code Table t = out(7);}.
     * The kernel keeps these instead of the jshell tool's {@code $1, $2, ...} variables.
     *
     * @throws NoSuchElementException if that cell showed no value
     */
    @SuppressWarnings("unchecked")
    public static <T> T out(int executionCount) {
        Object value = OUTPUTS.get(executionCount);
        if (value == null) {
            throw new NoSuchElementException("cell [" + executionCount + "] showed no value; cells that did: "
                    + OUTPUTS.keySet());
        }
        return (T) value;
    }

    /** The value the latest cell with a result showed (IPython's {@code _}). */
    @SuppressWarnings("unchecked")
    public static <T> T out() {
        Map.Entry<Integer, Object> last = OUTPUTS.lastEntry();
        if (last == null) {
            throw new NoSuchElementException("no cell has shown a value yet");
        }
        return (T) last.getValue();
    }

    /** Keeps a cell's shown value for {@link #out(int)}; the kernel calls this. */
    public static void keepOutput(int executionCount, Object value) {
        if (value != null) {
            OUTPUTS.put(executionCount, value);
        }
    }
}
