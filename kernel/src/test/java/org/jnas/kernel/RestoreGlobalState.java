package org.jnas.kernel;

import java.io.InputStream;
import java.io.PrintStream;
import org.jnas.kernel.display.DisplayState;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts back, after every test, the JVM-wide state kernel code changes: {@code System.out/err/in}
 * (a Kernel captures them), the display sink ({@code Display.install}) and the renderer registry
 * ({@code Renderers.register}, {@code NasRenderers.install}). Registered for every test class of
 * the module through JUnit's extension auto-detection (src/test/resources), so that no test sees
 * what an earlier one left behind and no test has to remember to clean up.
 */
public final class RestoreGlobalState implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RestoreGlobalState.class);

    private record Saved(PrintStream out, PrintStream err, InputStream in, DisplayState display) {}

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(Saved.class, new Saved(System.out, System.err, System.in, DisplayState.save()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Saved saved = context.getStore(NAMESPACE).remove(Saved.class, Saved.class);
        System.setOut(saved.out());
        System.setErr(saved.err());
        System.setIn(saved.in());
        saved.display().restore();
    }
}
