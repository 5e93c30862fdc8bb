package org.jnas.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class JitPolicyTest {
    @Test
    void directiveKeepsTheKernelsMachineryOffC2InThisJvm() throws Exception {
        assertTrue(JitPolicy.keepKernelOffC2(), "HotSpot takes the directive");
        String directives = String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()}));
        assertTrue(directives.contains("com/sun/tools/javac/*.*") && directives.contains("org/jnas/kernel/*.*"), directives);
        assertTrue(!directives.contains("org/jnas/nas"), "nas-lib, the notebook's code, keeps C2");
    }
}
