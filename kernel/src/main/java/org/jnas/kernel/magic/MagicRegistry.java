package org.jnas.kernel.magic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jnas.kernel.repl.CellResult;

/**
 * Runs the magics at the top of a cell and then the rest of the cell: {@code %name args} lines
 * each run in order; a {@code %%name args} line hands the rest of the cell to that magic.
 */
public final class MagicRegistry {
    private final Map<String, Magic> magics = new LinkedHashMap<>();

    /** A registry with the built-in magics: maven, classpath, load, time, doc. */
    public static MagicRegistry withDefaults() {
        MagicRegistry r = new MagicRegistry();
        r.register(new MavenMagic());
        r.register(new ClasspathMagic());
        r.register(new LoadMagic());
        r.register(new TimeMagic());
        r.register(new DocMagic());
        return r;
    }

    /** Adds or replaces a magic. */
    public void register(Magic magic) {
        magics.put(magic.name(), magic);
    }

    /** The registered magics, for help texts. */
    public List<Magic> magics() {
        return List.copyOf(magics.values());
    }

    /** Whether the cell starts with a magic (after blank lines). */
    public static boolean hasMagic(String cell) {
        return cell.stripLeading().startsWith("%");
    }

    /** Runs the cell's magics, then its remaining code through {@code context.eval}. */
    public CellResult run(String cell, MagicContext context) {
        String rest = cell;
        CellResult last = CellResult.empty();
        while (hasMagic(rest)) {
            String trimmed = rest.stripLeading();
            int nl = trimmed.indexOf('\n');
            String line = (nl < 0 ? trimmed : trimmed.substring(0, nl)).strip();
            String after = nl < 0 ? "" : trimmed.substring(nl + 1);
            boolean cellMagic = line.startsWith("%%");
            String spec = line.substring(cellMagic ? 2 : 1);
            int sp = spec.indexOf(' ');
            String name = sp < 0 ? spec : spec.substring(0, sp);
            String args = sp < 0 ? "" : spec.substring(sp + 1).strip();
            Magic magic = magics.get(name);
            if (magic == null) {
                return CellResult.error("UnknownMagic", "unknown magic %" + name + "; known magics: " + known(),
                        List.of("UnknownMagic: %" + name + " is not a magic. Known magics:", known()));
            }
            try {
                last = magic.run(args, cellMagic ? after : null, context);
            } catch (Exception e) {
                String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                return CellResult.error(e.getClass().getName(), msg,
                        List.of("%" + name + " failed: " + e.getClass().getSimpleName() + ": " + msg));
            }
            if (!last.ok() || cellMagic) {
                return last;
            }
            rest = after;
        }
        return rest.isBlank() ? last : context.eval(rest);
    }

    private String known() {
        return magics.values().stream().map(m -> "%" + m.name() + " (" + m.usage() + ")")
                .collect(Collectors.joining(", "));
    }
}
