package org.jnas.kernel.display;

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
}
