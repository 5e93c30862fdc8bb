package org.jnas.kernel.display;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * The renderer registry: maps a value's type to a MIME bundle. The most recently registered
 * renderer whose type matches wins, so users and libraries can override the built-ins. Types can
 * also be named by class name, so that rendering a Tablesaw table does not load Tablesaw at start.
 */
public final class Renderers {
    private record Entry(Class<?> type, String typeName, Function<Object, MimeBundle> renderer) {
        boolean matches(Object value) {
            if (type != null) {
                return type.isInstance(value);
            }
            for (Class<?> c = value.getClass(); c != null; c = c.getSuperclass()) {
                if (c.getName().equals(typeName)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<Entry> ENTRIES = new CopyOnWriteArrayList<>();

    static {
        register(BufferedImage.class, Renderers::png);
        registerByName("tech.tablesaw.api.Table", TableHtml::render);
        register(Html.class, h -> MimeBundle.of("text/html", h.html(), "[HTML]"));
        register(Markdown.class, m -> MimeBundle.of("text/markdown", m.markdown(), m.markdown()));
        register(Svg.class, s -> MimeBundle.of("image/svg+xml", s.svg(), "[SVG image]"));
        register(Latex.class, l -> MimeBundle.of("text/latex", l.latex(), l.latex()));
        register(MimeBundle.class, b -> b);
    }

    private Renderers() {}

    /**
     * Registers a renderer for {@code type} and its subtypes; it takes precedence over earlier ones.
     * A renderer may return a bundle with a display id ({@link MimeBundle#withDisplayId}) and keep
     * updating that display through a {@link DisplayHandle} with the same id.
     */
    public static <T> void register(Class<T> type, Function<? super T, MimeBundle> renderer) {
        if (type == null || renderer == null) {
            throw new IllegalArgumentException("type and renderer must not be null (type=" + type + ")");
        }
        ENTRIES.add(0, new Entry(type, null, v -> renderer.apply(type.cast(v))));
    }

    /** Registers a renderer for the class named {@code className}, without loading that class. */
    public static void registerByName(String className, Function<Object, MimeBundle> renderer) {
        ENTRIES.add(0, new Entry(null, className, renderer));
    }

    /** Renders {@code value} with the first matching renderer; plain text when none matches or one fails. */
    public static MimeBundle render(Object value) {
        if (value != null) {
            for (Entry e : ENTRIES) {
                if (e.matches(value)) {
                    try {
                        MimeBundle b = e.renderer().apply(value);
                        if (b != null) {
                            return b;
                        }
                    } catch (RuntimeException ex) {
                        return MimeBundle.text(plainText(value) + "\n(renderer failed: " + ex + ")");
                    }
                }
            }
        }
        return MimeBundle.text(plainText(value));
    }

    /** The registry as it is now, to put back with {@link #restore}: tests undo what they register. */
    static List<?> snapshot() {
        return List.copyOf(ENTRIES);
    }

    /** Puts back a {@link #snapshot()}. */
    @SuppressWarnings("unchecked")
    static void restore(List<?> snapshot) {
        ENTRIES.clear();
        ENTRIES.addAll((List<Entry>) snapshot);
    }

    /** The plain-text form of any value: arrays show their elements. */
    public static String plainText(Object value) {
        if (value == null) {
            return "null";
        }
        if (value.getClass().isArray()) {
            if (value instanceof Object[] a) {
                return Arrays.deepToString(a);
            }
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(Array.get(value, i));
            }
            return items.toString();
        }
        return String.valueOf(value);
    }

    private static MimeBundle png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MimeBundle(Map.of("text/plain", "BufferedImage " + image.getWidth() + "x" + image.getHeight(),
                "image/png", Base64.getEncoder().encodeToString(out.toByteArray())),
                Map.of("image/png", Map.of("width", image.getWidth(), "height", image.getHeight())), null);
    }

    /** HTML to show as is. @param html the markup */
    public record Html(String html) {}

    /** Markdown to render. @param markdown the source */
    public record Markdown(String markdown) {}

    /** An SVG image. @param svg the document */
    public record Svg(String svg) {}

    /** LaTeX math, e.g. {@code $$e^{i\pi}+1=0$$}. @param latex the source */
    public record Latex(String latex) {}
}
