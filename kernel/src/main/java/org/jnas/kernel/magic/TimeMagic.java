package org.jnas.kernel.magic;

import java.util.Locale;
import org.jnas.kernel.repl.CellResult;

/** {@code %time CODE} or {@code %%time}: runs the code and prints the wall-clock time it took. */
final class TimeMagic implements Magic {
    @Override
    public String name() {
        return "time";
    }

    @Override
    public String usage() {
        return "%time CODE or %%time for the whole cell prints the wall time";
    }

    @Override
    public CellResult run(String args, String body, MagicContext context) {
        String code = body != null ? body : args;
        long t0 = System.nanoTime();
        CellResult r = context.eval(code);
        double ms = (System.nanoTime() - t0) / 1e6;
        context.out().printf(Locale.ROOT, "Wall time: %.1f ms%n", ms);
        return r;
    }
}
