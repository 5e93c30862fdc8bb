package org.jnas.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;
import org.jnas.kernel.KernelMain;
import org.junit.jupiter.api.Test;

class StartupTuningTest {
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @Test
    void directiveKeepsTheKernelsMachineryOffC2InThisJvm() throws Exception {
        assertTrue(StartupTuning.keepKernelOffC2(), "HotSpot takes the directive");
        String directives = String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()}));
        assertTrue(directives.contains("com/sun/tools/javac/*.*") && directives.contains("org/jnas/kernel/*.*"), directives);
        assertTrue(!directives.contains("org/jnas/nas"), "nas-lib, the notebook's code, keeps C2");
        assertTrue(directives.contains("org/jnas/kernel/repl/StopCheck.*"), "cell code can inline its stop checks");
    }

    /** A JVM that does not know an option refuses to start: the kernel would never come up. */
    @Test
    void everyJdkTheKernelSupportsStartsWithItsJvmOptions() throws Exception {
        List<Path> javas = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")));
        if (Files.isExecutable(JDK25)) {
            javas.add(JDK25);
        }
        for (Path java : javas) {
            List<String> command = new ArrayList<>(List.of(java.toString()));
            command.addAll(KernelMain.JVM_OPTIONS);
            command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
            String flags = run(command);
            for (String option : StartupTuning.JVM_OPTIONS) {
                String[] nameValue = option.substring("-XX:".length()).split("=");
                assertTrue(flags.matches("(?s).*\\b" + nameValue[0] + "\\s+= " + nameValue[1] + "\\s.*"),
                        java + " runs with " + option);
            }
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
