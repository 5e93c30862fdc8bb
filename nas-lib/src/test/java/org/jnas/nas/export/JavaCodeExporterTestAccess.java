package org.jnas.nas.export;

import ai.djl.nn.Block;
import java.nio.file.Path;

/** Lets tests in other packages compile generated source the way JavaCodeExporterTest does. */
public final class JavaCodeExporterTestAccess {
    private JavaCodeExporterTestAccess() {}

    public static Block compile(String source, String className, Path dir) throws Exception {
        return JavaCodeExporterTest.compileAndBuild(source, className, dir);
    }
}
