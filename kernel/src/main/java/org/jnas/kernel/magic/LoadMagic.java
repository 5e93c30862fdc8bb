package org.jnas.kernel.magic;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.jnas.kernel.repl.CellResult;

/** {@code %load FILE}: runs a file of Java snippets as part of the cell. */
final class LoadMagic implements Magic {
    @Override
    public String name() {
        return "load";
    }

    @Override
    public String usage() {
        return "%load FILE runs the snippets in FILE";
    }

    @Override
    public CellResult run(String args, String body, MagicContext context) throws Exception {
        if (args.isBlank()) {
            throw new IllegalArgumentException("%load needs a file, e.g. %load helpers.jsh");
        }
        Path file = Paths.get(args.strip());
        try {
            return context.eval(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("%load: no such file: " + file.toAbsolutePath(), e);
        }
    }
}
