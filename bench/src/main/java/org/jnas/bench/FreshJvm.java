package org.jnas.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A benchmark's measuring run in a JVM of its own, which prints one result line. */
final class FreshJvm {
    private FreshJvm() {}

    /**
     * Runs {@code main} with {@code args} in a new JVM (this JVM's java, offline DJL) on
     * {@code classPath}, and returns what follows {@code prefix} on the line that starts with it.
     *
     * @throws IllegalStateException with the JVM's output when it fails or prints no such line
     */
    static String resultLine(String classPath, Class<?> main, String prefix, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                output.append(line).append('\n');
                if (line.startsWith(prefix)) {
                    result = line.substring(prefix.length());
                }
            }
        }
        if (process.waitFor() != 0 || result == null) {
            throw new IllegalStateException("the measuring JVM failed:\n" + output);
        }
        return result;
    }
}
