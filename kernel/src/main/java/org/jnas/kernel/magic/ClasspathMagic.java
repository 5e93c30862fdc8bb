package org.jnas.kernel.magic;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.jnas.kernel.repl.CellResult;

/**
 * {@code %classpath PATH[:PATH...]}: adds jars or class directories; {@code dir/*} adds every jar.
 * Every entry is checked before any is added, and a wrong one is named with what is wrong.
 */
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
        List<Path> entries = new ArrayList<>();
        for (String raw : args.split(File.pathSeparator)) {
            String entry = raw.strip().replaceFirst("^~", System.getProperty("user.home"));
            if (entry.endsWith("/*")) {
                entries.addAll(jarsIn(Paths.get(entry.substring(0, entry.length() - 2))));
            } else if (!entry.isEmpty()) {
                entries.add(checked(Paths.get(entry)));
            }
        }
        entries.forEach(p -> context.addToClasspath(p.toString()));
        return CellResult.empty();
    }

    /** The jars of {@code dir}, sorted. */
    private static List<Path> jarsIn(Path dir) {
        Path abs = dir.toAbsolutePath();
        if (!Files.isDirectory(abs)) {
            throw new IllegalArgumentException("%classpath: " + (Files.exists(abs) ? "not a directory: " : "no such directory: ")
                    + abs + " (dir/* adds every jar in a directory)");
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(abs)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("%classpath: cannot list " + abs + ": " + e.getMessage(), e);
        }
        if (jars.isEmpty()) {
            throw new IllegalArgumentException("%classpath: no .jar files in " + abs);
        }
        return jars.stream().map(ClasspathMagic::checked).toList();
    }

    /** {@code entry} as an absolute path, if it is a directory or a jar. */
    private static Path checked(Path entry) {
        Path abs = entry.toAbsolutePath();
        if (!Files.exists(abs)) {
            throw new IllegalArgumentException("%classpath: no such file or directory: " + abs);
        }
        if (!Files.isDirectory(abs)) {
            try (JarFile jar = new JarFile(abs.toFile())) {
                jar.size();
            } catch (IOException | SecurityException e) {
                throw new IllegalArgumentException("%classpath: " + abs + " is neither a jar nor a directory of classes ("
                        + e.getMessage() + ")", e);
            }
        }
        return abs;
    }
}
