package org.jnas.nas.internal.store;

import java.nio.file.Path;

/**
 * Where JNAS keeps its files: the {@code jnas.home} system property, else the {@code JNAS_HOME}
 * environment variable, else {@code ~/.jnas}.
 */
final class JnasHome {
    /** The system property that overrides the home directory. */
    public static final String PROPERTY = "jnas.home";
    /** The environment variable that overrides the home directory. */
    public static final String ENV = "JNAS_HOME";

    private JnasHome() {}

    /** The home directory in effect (not created here). */
    public static Path resolve() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".jnas").toAbsolutePath();
    }
}
