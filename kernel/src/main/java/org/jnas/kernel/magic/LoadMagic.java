package org.jnas.kernel.magic;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.jnas.kernel.repl.CellResult;

/**
 * {@code %load FILE}: runs a file of Java snippets as part of the cell. Every error names the file:
 * one that reading it raised, or one of its code (whose lines are the file's).
 */
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
        Path file = Paths.get(args.strip()).toAbsolutePath();
        String code;
        try {
            code = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("%load: no such file: " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("%load: cannot read " + file + ": " + describe(e), e);
        }
        CellResult result = context.eval(code);
        if (result.ok()) {
            return result;
        }
        List<String> traceback = new ArrayList<>();
        traceback.add("%load " + file + " failed (line numbers are the file's):");
        traceback.addAll(result.traceback());
        return CellResult.error(result.ename(), file.getFileName() + ": " + result.evalue(), traceback);
    }

    private static String describe(IOException e) {
        if (e instanceof CharacterCodingException) {
            return "it is not UTF-8 text";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
