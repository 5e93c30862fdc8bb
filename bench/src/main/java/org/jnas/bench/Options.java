package org.jnas.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A benchmark's command-line options, {@code --name value} or a bare {@code --flag}: each option is
 * read once with its default and a line of help, then {@link #done()} refuses what nobody read and
 * answers {@code --help} with the usage that those reads built. A bad command line ends the program
 * with a message and exit status 2.
 *
 * <pre>{@code
 * Options options = Options.parse("StoreBenchmark", args);
 * int trials = options.integer("trials", 300, "trials recorded per durability level");
 * options.done();
 * }</pre>
 */
final class Options {
    private final String program;
    private final Map<String, String> given;
    private final List<String> usage = new ArrayList<>();
    private final boolean help;

    private Options(String program, Map<String, String> given, boolean help) {
        this.program = program;
        this.given = given;
        this.help = help;
    }

    /**
     * Reads {@code args}: {@code --name value} pairs and flags (an option followed by another option
     * or by nothing). A value that is not after an option is refused.
     */
    static Options parse(String program, String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw usageError(program, "expected an option (--name), got '" + arg + "'");
            }
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            given.put(arg.substring(2), hasValue ? args[++i] : null);
        }
        return new Options(program, given, help);
    }

    /** An integer option, {@code fallback} when absent. */
    int integer(String name, int fallback, String description) {
        return wholeNumber(name, fallback, description, Integer::valueOf);
    }

    /** A long option, {@code fallback} when absent. */
    long longInteger(String name, long fallback, String description) {
        return wholeNumber(name, fallback, description, Long::valueOf);
    }

    /** A path option, {@code fallback} when absent. */
    Path path(String name, Path fallback, String description) {
        String value = value(name, "PATH", fallback.toString(), description);
        return value == null ? fallback : Path.of(value);
    }

    /** A text option, {@code fallback} when absent. */
    String text(String name, String fallback, String description) {
        String value = value(name, "TEXT", fallback, description);
        return value == null ? fallback : value;
    }

    /** A flag: true when given (without a value). */
    boolean flag(String name, String description) {
        usage.add(String.format("  --%-28s %s", name, description));
        if (!given.containsKey(name)) {
            return false;
        }
        if (given.remove(name) != null) {
            throw usageError(program, "--" + name + " is a flag and takes no value");
        }
        return true;
    }

    /**
     * Ends the reading: with {@code --help}, prints the usage and exits; refuses options that no
     * read asked for, naming them.
     */
    void done() {
        if (help) {
            System.out.println("usage: bench/run.sh " + program + " [options]");
            usage.forEach(System.out::println);
            System.exit(0);
        }
        if (!given.isEmpty()) {
            throw usageError(program, "unknown option(s) " + given.keySet().stream().map(n -> "--" + n).toList());
        }
    }

    /**
     * Prints what is wrong with the command line and exits with status 2 (a stack trace would only
     * hide the message); declared to return an exception so that callers can {@code throw} it.
     */
    private static IllegalArgumentException usageError(String program, String problem) {
        System.err.println(program + ": " + problem + "; --help lists the options");
        System.exit(2);
        return new IllegalArgumentException(problem);
    }

    private <T extends Number> T wholeNumber(String name, T fallback, String description, Function<String, T> parse) {
        String value = value(name, "N", fallback.toString(), description);
        try {
            return value == null ? fallback : parse.apply(value);
        } catch (NumberFormatException e) {
            throw usageError(program, "--" + name + " takes a whole number, got '" + value + "'");
        }
    }

    private String value(String name, String placeholder, String fallback, String description) {
        usage.add(String.format("  --%-28s %s (default %s)", name + " " + placeholder, description, fallback));
        if (!given.containsKey(name)) {
            return null;
        }
        String value = given.remove(name);
        if (value == null) {
            throw usageError(program, "--" + name + " needs a value");
        }
        return value;
    }
}
