package org.jnas.kernel.repl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class JavacJitTest {
    @Test
    void directiveKeepsJavacOffC2InThisJvm() throws Exception {
        assertTrue(JavacJit.keepOffC2(), "HotSpot takes the directive");
        String directives = String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()}));
        assertTrue(directives.contains("com/sun/tools/javac/*.*") && directives.contains("jdk/jshell/*.*"), directives);
    }
}
