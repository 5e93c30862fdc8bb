package org.jnas.kernel.magic;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.jnas.kernel.repl.CellResult;

/** {@code %classpath PATH[:PATH...]}: adds jars or class directories; {@code dir/*} adds every jar. */
final class ClasspathMagic implements Magic {
    @Override
    public String name() {
        return "classpath";
    }

    @Override
    public String usage() {
        return "%classpath PATH[:PATH] adds jars or directories, dir/* every jar in dir";
    }

    @Override
    public CellResult run(String args, String body, MagicContext context) throws Exception {
        if (args.isBlank()) {
            throw new IllegalArgumentException("%classpath needs a path, e.g. %classpath lib/my.jar");
        }
        for (String entry : args.split(File.pathSeparator)) {
            String e = entry.strip().replaceFirst("^~", System.getProperty("user.home"));
            if (e.endsWith("/*")) {
                Path dir = Paths.get(e.substring(0, e.length() - 2));
                try (var jars = Files.list(dir)) {
                    for (Path jar : (Iterable<Path>) jars.filter(p -> p.toString().endsWith(".jar")).sorted()::iterator) {
                        context.addToClasspath(jar.toAbsolutePath().toString());
                    }
                }
            } else {
                Path p = Paths.get(e);
                if (!Files.exists(p)) {
                    throw new IllegalArgumentException("%classpath: no such file or directory: " + p.toAbsolutePath());
                }
                context.addToClasspath(p.toAbsolutePath().toString());
            }
        }
        return CellResult.empty();
    }
}
